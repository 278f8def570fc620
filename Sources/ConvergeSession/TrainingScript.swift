import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport

/// The training script of a setup, written as the PyTorch a teammate would have written.
/// Bugs that live in code (a missing `zero_grad`, no `model.eval()`, a softmax before the
/// loss) show here the way they would in a real review: by what is there and what is missing.
struct TrainingScript {
    let setup: Setup
    let data: DataSpec

    var text: String {
        var lines = [
            "import torch, torch.nn as nn, torch.nn.functional as F",
            "from torch.utils.data import DataLoader, TensorDataset",
            "",
            "torch.manual_seed(\(setup.seed))",
            "X_train, y_train, X_val, y_val = load_split(\"\(data)\", val_fraction=0.2, seed=1234)",
        ]
        if !setup.labelsAligned {
            lines.append(
                "y_train = y_train[torch.randperm(len(y_train), generator=torch.Generator().manual_seed(777))]")
        }
        if setup.sortedByClass {
            lines.append("order = y_train.argsort(stable=True)")
            lines.append("X_train, y_train = X_train[order], y_train[order]")
        }
        if setup.standardize {
            lines.append("mean, std = X_train.mean(0), X_train.std(0).clamp_min(1e-8)")
            lines.append("X_train = (X_train - mean) / std")
            if setup.validationPreprocessing == .trainStatistics { lines.append("X_val = (X_val - mean) / std") }
        }
        lines.append("")
        lines.append("model = nn.Sequential(")
        var width = "n_features"
        for hidden in setup.hidden {
            lines.append("    nn.Linear(\(width), \(hidden)),")
            if let normalization = setup.normalization.pytorchModule(width: hidden) {
                lines.append("    \(normalization),")
            }
            lines.append("    \(setup.activation.pytorchModule),")
            if setup.dropout > 0 { lines.append("    nn.Dropout(p=\(Format.setting(setup.dropout))),") }
            width = String(hidden)
        }
        lines.append("    nn.Linear(\(width), n_classes),")
        if setup.outputSoftmax { lines.append("    nn.Softmax(dim=1),") }
        lines.append(")")
        lines.append(contentsOf: initialisationLines)
        lines.append("")
        lines.append(
            "optimizer = "
                + setup.optimizer.pytorchConstructor(
                    learningRate: setup.learningRate, momentum: setup.momentum, weightDecay: setup.weightDecay))
        lines.append(contentsOf: setup.loss.pytorchDefinition)
        if setup.warmup > 0 || setup.schedule != .constant {
            lines.append(
                "scheduler = make_schedule(optimizer, warmup_steps=\(setup.warmup), after=\"\(setup.schedule.rawValue)\")"
            )
        }
        lines.append(
            "loader = DataLoader(TensorDataset(X_train, y_train), batch_size=\(setup.batchSize), shuffle=\(setup.shuffle ? "True" : "False"))"
        )
        lines.append("")
        lines.append("for epoch in range(\(setup.epochs)):")
        lines.append("    model.train()")
        lines.append("    for xb, yb in loader:")
        if setup.zeroGrad { lines.append("        optimizer.zero_grad()") }
        lines.append("        loss = loss_fn(model(xb), yb)")
        lines.append("        loss.backward()")
        if let clip = setup.clip {
            lines.append("        nn.utils.clip_grad_norm_(model.parameters(), max_norm=\(Format.setting(clip)))")
        }
        lines.append("        optimizer.step()")
        if setup.warmup > 0 || setup.schedule != .constant { lines.append("        scheduler.step()") }
        lines.append("")
        if setup.evaluationMode == .evaluation { lines.append("    model.eval()") }
        lines.append("    with torch.no_grad():")
        lines.append("        val_acc = accuracy(model, X_val, y_val, batch_size=\(setup.evaluationBatchSize))")
        return lines.joined(separator: "\n")
    }

    var initialisationLines: [String] {
        var lines: [String] = []
        let weight: String?
        switch setup.weightInit {
        case .pytorchDefault: weight = nil
        case .zeros: weight = "nn.init.zeros_(m.weight)"
        case .constant(let value): weight = "nn.init.constant_(m.weight, \(Format.setting(value)))"
        case .normal(let deviation): weight = "nn.init.normal_(m.weight, std=\(Format.setting(deviation)))"
        case .xavier:
            weight =
                "nn.init.xavier_normal_(m.weight, gain=nn.init.calculate_gain(\"\(setup.activation.pytorchName)\"))"
        case .he: weight = "nn.init.kaiming_normal_(m.weight, nonlinearity=\"relu\")"
        }
        let bias: String?
        switch setup.hiddenBiasInit {
        case .zeros: bias = "nn.init.zeros_(m.bias)"
        case .constant(let value): bias = "nn.init.constant_(m.bias, \(Format.setting(value)))"
        case .normal(let deviation): bias = "nn.init.normal_(m.bias, std=\(Format.setting(deviation)))"
        default: bias = nil
        }
        if let weight {
            lines.append("for m in model:")
            lines.append("    if isinstance(m, nn.Linear): \(weight)")
        }
        if let bias {
            lines.append("for m in list(model)[:-1]:  # hidden layers")
            lines.append("    if isinstance(m, nn.Linear): \(bias)")
        }
        return lines
    }
}
