"""PyTorch's side of `converge bench`: the same networks, batches and optimizer steps, timed
the same way (median of the timed steps after a warm-up, best of 1 and 2 threads).

Not part of `make test`: it needs PyTorch, which the project does not install. Run it through
`scripts/bench-side-by-side.sh`, which interleaves it with the engine's own runs, because on a
shared machine two runs minutes apart can differ by half.

    python3 scripts/bench-pytorch.py transformer-tiny conv-digits
"""

import statistics
import sys
import time

import torch
from torch import nn


def perceptron(widths):
    layers = []
    for index in range(len(widths) - 1):
        if index > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(widths[index], widths[index + 1]))
    return nn.Sequential(*layers)


def convolutional(image, stages, classes):
    layers, channels, height, width = [], image[0], image[1], image[2]
    for stage in stages:
        for output in stage:
            layers += [nn.Conv2d(channels, output, 3, padding=1), nn.ReLU()]
            channels = output
        layers.append(nn.MaxPool2d(2))
        height, width = height // 2, width // 2
    layers += [nn.Flatten(), nn.Linear(channels * height * width, classes)]
    return nn.Sequential(*layers)


class TinyTransformer(nn.Module):
    """Token and learned position embeddings, pre-LN blocks with exact GELU, a final norm,
    a mean over the steps and a linear read-out: `converge bench`'s transformer-tiny."""

    def __init__(self, vocabulary, length, width, heads, blocks, feed_forward, classes):
        super().__init__()
        self.tokens = nn.Embedding(vocabulary, width)
        self.positions = nn.Parameter(torch.randn(length, width))
        layer = nn.TransformerEncoderLayer(
            width, heads, feed_forward, dropout=0.0, activation="gelu", batch_first=True, norm_first=True
        )
        self.blocks = nn.TransformerEncoder(layer, blocks, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(width, classes)

    def forward(self, ids):
        hidden = self.blocks(self.tokens(ids) + self.positions)
        return self.head(self.norm(hidden).mean(dim=1))


def case(name):
    """(model, inputs, targets, optimizer) for a case named as `converge bench` names it."""
    torch.manual_seed(0)
    if name == "tiny":
        model, inputs = perceptron([2, 64, 64, 3]), torch.randn(32, 2)
    elif name == "small":
        model, inputs = perceptron([64, 128, 128, 10]), torch.randn(64, 64)
    elif name == "mnist":
        model, inputs = perceptron([784, 256, 128, 10]), torch.randn(128, 784)
    elif name == "conv-digits":
        model, inputs = convolutional([1, 8, 8], [[16, 32]], 10), torch.randn(64, 1, 8, 8)
    elif name == "conv-cifar":
        model, inputs = convolutional([3, 32, 32], [[32], [64], [128]], 10), torch.randn(64, 3, 32, 32)
    elif name == "transformer-tiny":
        model = TinyTransformer(32, 16, 32, 2, 2, 64, 10)
        inputs = torch.randint(0, 32, (32, 16))
    else:
        sys.exit(f"unknown case {name}")
    classes = model.head.out_features if name == "transformer-tiny" else list(model.modules())[-1].out_features
    targets = torch.randint(0, classes, (inputs.shape[0],))
    if name == "transformer-tiny":
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    return model, inputs, targets, optimizer


def median_step_microseconds(name, threads, steps=100, warm_up=20):
    torch.set_num_threads(threads)
    model, inputs, targets, optimizer = case(name)
    loss_function = nn.CrossEntropyLoss()
    samples = []
    for step in range(warm_up + steps):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss_function(model(inputs), targets).backward()
        optimizer.step()
        if step >= warm_up:
            samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


if __name__ == "__main__":
    for name in sys.argv[1:] or ["transformer-tiny"]:
        timings = {threads: median_step_microseconds(name, threads) for threads in (1, 2)}
        threads = min(timings, key=timings.get)
        print(f"{name} {timings[threads]:.1f} {threads}")
