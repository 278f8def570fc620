import ConvergeEngine
import ConvergeScenarios

/// The training script of the current setup, written as the PyTorch a teammate would have
/// written. Bugs that live in code (a missing `zero_grad`, no `model.eval()`, a softmax
/// before the loss) show here the way they would in a real review: by what is there and
/// what is missing.
extension Session {
    func code() -> CommandResult {
        CommandResult(input: "", name: "code", tier: .look, text: TrainingScript(setup: setup, data: scenario.data).text)
    }
}

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
            lines.append("y_train = y_train[torch.randperm(len(y_train), generator=torch.Generator().manual_seed(777))]")
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
            if setup.normalization == "batchnorm" { lines.append("    nn.BatchNorm1d(\(hidden)),") }
            if setup.normalization == "layernorm" { lines.append("    nn.LayerNorm(\(hidden)),") }
            lines.append("    \(activationModule),")
            if setup.dropout > 0 { lines.append("    nn.Dropout(p=\(Knob.format(setup.dropout))),") }
            width = String(hidden)
        }
        lines.append("    nn.Linear(\(width), n_classes),")
        if setup.outputSoftmax { lines.append("    nn.Softmax(dim=1),") }
        lines.append(")")
        lines.append(contentsOf: initialisationLines)
        lines.append("")
        lines.append("optimizer = \(optimizerLine)")
        if setup.loss == "naive_log_softmax" {
            lines.append("def loss_fn(logits, y):")
            lines.append("    return -torch.log(F.softmax(logits, dim=1))[torch.arange(len(y)), y].mean()")
        } else {
            lines.append("loss_fn = nn.CrossEntropyLoss()")
        }
        if setup.warmup > 0 || setup.schedule == "cosine" {
            lines.append("scheduler = make_schedule(optimizer, warmup_steps=\(setup.warmup), after=\"\(setup.schedule)\")")
        }
        lines.append("loader = DataLoader(TensorDataset(X_train, y_train), batch_size=\(setup.batchSize), shuffle=\(setup.shuffle ? "True" : "False"))")
        lines.append("")
        lines.append("for epoch in range(\(setup.epochs)):")
        lines.append("    model.train()")
        lines.append("    for xb, yb in loader:")
        if setup.zeroGrad { lines.append("        optimizer.zero_grad()") }
        lines.append("        loss = loss_fn(model(xb), yb)")
        lines.append("        loss.backward()")
        if let clip = setup.clip { lines.append("        nn.utils.clip_grad_norm_(model.parameters(), max_norm=\(Knob.format(clip)))") }
        lines.append("        optimizer.step()")
        if setup.warmup > 0 || setup.schedule == "cosine" { lines.append("        scheduler.step()") }
        lines.append("")
        if setup.evaluationMode == .evaluation { lines.append("    model.eval()") }
        lines.append("    with torch.no_grad():")
        lines.append("        val_acc = accuracy(model, X_val, y_val, batch_size=\(setup.evaluationBatchSize))")
        return lines.joined(separator: "\n")
    }

    var activationModule: String {
        switch setup.activation {
        case "leaky_relu": return "nn.LeakyReLU(0.01)"
        case "tanh": return "nn.Tanh()"
        case "sigmoid": return "nn.Sigmoid()"
        case "gelu": return "nn.GELU()"
        default: return "nn.ReLU()"
        }
    }

    var initialisationLines: [String] {
        var lines: [String] = []
        let weight: String?
        switch setup.weightInit {
        case .pytorchDefault: weight = nil
        case .zeros: weight = "nn.init.zeros_(m.weight)"
        case .constant(let value): weight = "nn.init.constant_(m.weight, \(Knob.format(value)))"
        case .normal(let deviation): weight = "nn.init.normal_(m.weight, std=\(Knob.format(deviation)))"
        case .xavier: weight = "nn.init.xavier_normal_(m.weight, gain=nn.init.calculate_gain(\"\(setup.activation)\"))"
        case .he: weight = "nn.init.kaiming_normal_(m.weight, nonlinearity=\"relu\")"
        }
        let bias: String?
        switch setup.hiddenBiasInit {
        case .zeros: bias = "nn.init.zeros_(m.bias)"
        case .constant(let value): bias = "nn.init.constant_(m.bias, \(Knob.format(value)))"
        case .normal(let deviation): bias = "nn.init.normal_(m.bias, std=\(Knob.format(deviation)))"
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

    var optimizerLine: String {
        let lr = Knob.format(setup.learningRate)
        let decay = setup.weightDecay > 0 ? ", weight_decay=\(Knob.format(setup.weightDecay))" : ""
        switch setup.optimizer {
        case "adam": return "torch.optim.Adam(model.parameters(), lr=\(lr)\(decay))"
        case "adamw": return "torch.optim.AdamW(model.parameters(), lr=\(lr)\(decay))"
        default:
            let momentum = setup.momentum > 0 ? ", momentum=\(Knob.format(setup.momentum))" : ""
            return "torch.optim.SGD(model.parameters(), lr=\(lr)\(momentum)\(decay))"
        }
    }
}
