"""One PyTorch thread per test process.

The unit tests run two at once (`pytest -n 2` on the book's 2-core machine). With
PyTorch's default of one thread per core, each worker's small training loops spin
threads against the other worker and against anything else on the machine: on a loaded
2-core machine a test that needs a third of a CPU second took minutes of wall time
(test_fit_trains_an_encoder_decoder_on_a_schedule: 226 s wall for 0.3 s of work). One
thread per process, as in the chapters, keeps the wall time near the CPU time.
"""

import torch

torch.set_num_threads(1)
