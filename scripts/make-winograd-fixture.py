#!/usr/bin/env python3
"""Writes Fixtures/pytorch/conv_winograd_sgdm_ce.json, a PyTorch reference in the shared
fixtures' format (see ../shared/fixtures/README.md) whose convolutions have enough channels
for the engine to compute them by Winograd's F(2x2, 3x3): the shared conv fixtures have at
most four channels, which the direct loops take.

    python3 scripts/make-winograd-fixture.py     # needs torch (pip install torch)

Parameters and inputs are drawn as float32 and stored exactly; the expected values are
computed in float64, as in the shared fixtures.
"""
import json
import pathlib

import torch

SEED = 2468
torch.manual_seed(SEED)

# Conv 1->8 (direct: one input channel), conv 8->8 twice (Winograd forward and weight
# gradient; their input gradients read 8 channels, Winograd too), each 3x3 with padding 1 on
# 8x8 images, ReLUs, a 2x2 max pool, flatten, a linear read-out to 3 classes.
network = torch.nn.Sequential(
    torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(),
    torch.nn.Conv2d(8, 8, 3, padding=1), torch.nn.ReLU(),
    torch.nn.Conv2d(8, 8, 3, padding=1), torch.nn.ReLU(),
    torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(8 * 4 * 4, 3),
)
x = torch.randn(5, 1, 8, 8)
y = torch.tensor([0, 2, 1, 1, 0])
learning_rate, momentum, steps = 0.05, 0.9, 3


def layer_entries(model):
    entries = []
    for module in model:
        if isinstance(module, torch.nn.Conv2d):
            entries.append({
                "type": "conv2d", "in_channels": module.in_channels, "out_channels": module.out_channels,
                "kernel_size": list(module.kernel_size), "stride": list(module.stride),
                "padding": list(module.padding), "weight": module.weight.tolist(), "bias": module.bias.tolist()})
        elif isinstance(module, torch.nn.ReLU):
            entries.append({"type": "relu"})
        elif isinstance(module, torch.nn.MaxPool2d):
            entries.append({"type": "maxpool2d", "kernel_size": [2, 2], "stride": [2, 2]})
        elif isinstance(module, torch.nn.Flatten):
            entries.append({"type": "flatten"})
        elif isinstance(module, torch.nn.Linear):
            entries.append({
                "type": "linear", "in": module.in_features, "out": module.out_features,
                "weight": module.weight.tolist(), "bias": module.bias.tolist()})
    return entries


def parameter_entries(model, gradients):
    entries = []
    for module in model:
        if isinstance(module, (torch.nn.Conv2d, torch.nn.Linear)):
            source = (lambda p: p.grad) if gradients else (lambda p: p)
            entries.append({"weight": source(module.weight).tolist(), "bias": source(module.bias).tolist()})
        else:
            entries.append(None)
    return entries


fixture = {
    "name": "conv_winograd_sgdm_ce",
    "description": "Conv2d 1->8, 8->8 and 8->8 (3x3, padding 1) on 1x8x8 images with ReLUs, max pool 2x2, "
    "flatten, Linear 128->3; cross-entropy; SGD momentum 0.9, lr 0.05, 3 full-batch steps, batch 5. "
    "The engine computes the convolutions with 8 input channels, and their input gradients, by "
    "Winograd's F(2x2, 3x3).",
    "seed": SEED, "layers": layer_entries(network), "loss": "cross_entropy", "x": x.tolist(), "y": y.tolist(),
}
model = network.double()
inputs = x.double()
output = model(inputs)
loss = torch.nn.functional.cross_entropy(output, y)
loss.backward()
fixture["expected"] = {"output": output.tolist(), "loss": loss.item(), "grads": parameter_entries(model, True)}
fixture["optimizer"] = {
    "type": "sgd_momentum", "lr": learning_rate, "momentum": momentum, "dampening": 0.0, "nesterov": False,
    "weight_decay": 0.0}
fixture["steps"] = steps
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=momentum)
losses = []
for _ in range(steps):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(inputs), y)
    losses.append(loss.item())
    loss.backward()
    optimizer.step()
fixture["expected_after_steps"] = {"params": parameter_entries(model, False), "losses": losses}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures/pytorch/conv_winograd_sgdm_ce.json"
path.write_text(json.dumps(fixture) + "\n")
print(f"wrote {path}")
