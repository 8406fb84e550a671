"""Running on GPU: moving tensors between devices; every CUDA line is guarded.

On a machine without a CUDA GPU the section says so and runs the CPU side only, so it never
stops with a traceback, in the terminal or in a notebook.
"""

from __future__ import annotations

from torch101.tour.model import Section, step

__all__ = ["GPU"]

GPU = Section(
    name="gpu",
    group="Running on GPU",
    heading="Running on GPU",
    summary=".to, .cuda(), .cpu(), x0.to(y) and mm_on_gpu; without CUDA, the CPU side only.",
    steps=(
        step(
            """
            gpu = torch.cuda.is_available()
            if gpu:
                print('PyTorch can use GPUs!')
            else:
                print('PyTorch cannot use GPUs: this machine has no CUDA device.')
                print('The GPU lines below are skipped; the CPU side still runs.')
            """,
            """Code that moves tensors to 'cuda' raises an error on a machine without a CUDA
            GPU, so every GPU line in this section checks `gpu` first.""",
        ),
        step(
            """
            x0 = torch.tensor([[1, 2], [3, 4]], dtype=torch.float32)
            print('x0 device:', x0.device)
            """,
            "New tensors live on the CPU unless you ask for another device.",
        ),
        step(
            """
            if gpu:
                x1 = x0.to('cuda')
                x2 = x0.cuda()
                x3 = x1.to('cpu')
                x4 = x2.cpu()
                print('x1 device:', x1.device)
                print('x2 device:', x2.device)
                print('x3 device:', x3.device)
                print('x4 device:', x4.device)
            else:
                print("skipped: x0.to('cuda') and x0.cuda() need a CUDA GPU")
            """,
            """`.to('cuda')` and `.cuda()` copy a tensor to the GPU (cuda:0 is the first
            one); `.to('cpu')` and `.cpu()` copy it back.""",
        ),
        step(
            """
            x3 = x0.to('cpu')
            x4 = x0.cpu()
            print('x3 device:', x3.device, ' same tensor as x0:', x3 is x0)
            print('x4 device:', x4.device, ' same tensor as x0:', x4 is x0)
            """,
            """Moving a tensor to the device it is already on copies nothing: `.to('cpu')`
            and `.cpu()` return the very same tensor.""",
        ),
        step(
            """
            device = 'cuda' if gpu else 'cpu'
            y = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.float64, device=device)
            print('y device / dtype:', y.device, y.dtype)
            x5 = x0.to(y)
            print('x5 device / dtype:', x5.device, x5.dtype)
            """,
            """Choosing `device` once lets the same code run on either kind of machine.
            `device=` creates a tensor where it is needed, and `x0.to(y)` takes both y's
            device and its dtype.""",
        ),
        step(
            """
            from torch101.reference import mm_on_cpu, mm_on_gpu

            torch.manual_seed(0)
            x = torch.rand(64, 128)
            w = torch.rand(128, 32)
            y0 = mm_on_cpu(x, w)
            print('y0 device:', y0.device)
            if gpu:
                y1 = mm_on_gpu(x, w)
                print('y1 on CPU:', y1.device == torch.device('cpu'))
                diff = (y0 - y1).abs().max().item()
                print('Difference within tolerance:', diff < 5e-2)
            else:
                print('skipped: mm_on_gpu needs a CUDA GPU')
            """,
            """`mm_on_gpu` moves both inputs with `.cuda()`, multiplies on the GPU and brings
            the product back with `.cpu()`. GPU arithmetic may differ from the CPU's in the
            last bits, hence a tolerance.""",
        ),
    ),
)
