import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport

/// The training script of a setup, written as the PyTorch a teammate would have written.
/// Bugs that live in code (a missing `zero_grad`, no `model.eval()`, a softmax before the
/// loss) show here the way they would in a real review: by what is there and what is missing.
struct TrainingScript {
    let setup: Setup
    let data: DataSpec
    /// The shape of one example (`C x H x W` for images), which a CNN's layers follow.
    var exampleShape: [Int] = []
    /// Where the project's pretrained backbone came from, when it has one.
    var pretraining: PretrainingSpec?
    /// How many training rows are labelled, when not all are.
    var labelledRows: Int?
    /// The length validation sequences are padded to, when longer than training's.
    var validationSteps: Int?

    var text: String {
        var lines = [
            "import math, torch, torch.nn as nn, torch.nn.functional as F",
            "from torch.utils.data import DataLoader, TensorDataset",
            "",
            "torch.manual_seed(\(setup.seed))",
            "X_train, y_train, X_val, y_val = load_split(\"\(data)\", val_fraction=0.2, seed=1234)",
        ]
        if let labelledRows {
            lines.append("X_train, y_train = X_train[:\(labelledRows)], y_train[:\(labelledRows)]  # the labelled rows")
        }
        if let validationSteps {
            lines.append(
                "X_val = F.pad(X_val, (0, 0, 0, \(validationSteps) - X_val.shape[1]))  # served batches: \(validationSteps) steps"
            )
        }
        if data.holdsLanguage {
            lines.append("# X: sentences x letters x alphabet (one-hot); y: the same sentences one letter later")
        } else if setup.architecture.readsSequences {
            let readOut =
                setup.architecture == .transformer
                ? (setup.causal ? "from its last step" : "from the mean over its steps") : "from its last step"
            lines.append("# X: samples x time steps x features; one prediction per sequence, \(readOut)")
        }
        if exampleShape.count == 3 {
            let shape = exampleShape.map(String.init).joined(separator: " x ")
            lines.append("# X: samples x \(shape) images (channels x height x width)")
            if !setup.architecture.readsImages { lines.append("X_train, X_val = X_train.flatten(1), X_val.flatten(1)") }
        }
        lines += pipelineLines
        lines.append("")
        switch setup.architecture {
        case .mlp: lines += perceptronLines
        case .rnn, .lstm, .attention: lines += sequenceModelLines
        case .transformer: lines += transformerLines
        case .cnn: lines += convolutionalModelLines
        }
        lines += initialisationLines
        lines += backboneLines
        lines.append("")
        lines += optimizerLines
        lines += setup.loss.pytorchDefinition
        let scheduled = setup.warmup > 0 || setup.schedule != .constant
        if scheduled {
            lines.append(
                "scheduler = make_schedule(optimizer, warmup_steps=\(setup.warmup), after=\"\(setup.schedule.rawValue)\")"
            )
        }
        lines += collateLines
        let collateArgument = setup.collate == .standard ? "" : ", collate_fn=collate"
        lines.append(
            "loader = DataLoader(TensorDataset(X_train, y_train), batch_size=\(setup.batchSize), shuffle=\(setup.shuffle ? "True" : "False")\(collateArgument))"
        )
        lines.append("")
        lines.append("for epoch in range(\(setup.epochs)):")
        if hasBackboneGroups && setup.frozenBackboneEpochs > 0 && setup.frozenBackboneEpochs < setup.epochs {
            lines.append("    if epoch == \(setup.frozenBackboneEpochs):")
            lines.append("        backbone.requires_grad_(True)")
        }
        lines.append("    model.train()")
        lines.append("    for xb, yb in loader:")
        if setup.zeroGrad { lines.append("        optimizer.zero_grad()") }
        lines.append(
            data.holdsLanguage
                ? "        loss = loss_fn(model(xb).flatten(0, 1), yb.flatten())  # every step's next letter"
                : "        loss = loss_fn(model(xb), yb)")
        lines.append("        loss.backward()")
        if let clip = setup.clip {
            lines.append("        nn.utils.clip_grad_norm_(model.parameters(), max_norm=\(Format.setting(clip)))")
        }
        lines.append("        optimizer.step()")
        if scheduled { lines.append("        scheduler.step()") }
        lines.append("")
        if setup.evaluationMode == .evaluation { lines.append("    model.eval()") }
        lines.append("    with torch.no_grad():")
        if setup.loss == .mse {
            lines.append("        val_loss = loss_fn(model(X_val), y_val).item()")
        } else {
            lines.append(
                "        val_acc = accuracy(model, X_val, y_val, batch_size=\(setup.evaluationBatchSize)\(setup.collate == .standard ? "" : ", collate_fn=collate"))"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// Whether the script names the backbone and the read-out apart: a CNN with its own
    /// backbone rate or a frozen backbone.
    var hasBackboneGroups: Bool {
        setup.architecture == .cnn && (setup.backboneLearningRate != nil || setup.frozenBackboneEpochs > 0)
    }

    /// The pretrained weights, and the split of the model into backbone and read-out that
    /// frozen layers and a second learning rate need.
    var backboneLines: [String] {
        guard setup.architecture == .cnn else { return [] }
        var lines: [String] = []
        let split = setup.outputSoftmax ? "-2" : "-1"
        if hasBackboneGroups || (setup.pretrained && pretraining != nil) {
            lines.append("backbone, head = model[:\(split)], model[\(split)]")
        }
        if setup.pretrained, let pretraining {
            lines.append(
                "# pretrained on \(pretraining.data): Adam, lr 0.003, batch 32, \(pretraining.epochs) epochs")
            lines.append("backbone.load_state_dict(torch.load(\"backbone.pt\"))")
        }
        if setup.frozenBackboneEpochs > 0 {
            let span =
                setup.frozenBackboneEpochs >= setup.epochs
                ? "for the whole run" : "for the first \(setup.frozenBackboneEpochs) epochs"
            lines.append("backbone.requires_grad_(False)  # \(span)")
        }
        return lines
    }

    /// The optimizer: over every parameter, or in two groups when the backbone has its own rate.
    var optimizerLines: [String] {
        let constructor = { (parameters: String) in
            "optimizer = "
                + setup.optimizer.pytorchConstructor(
                    learningRate: setup.learningRate, momentum: setup.momentum, weightDecay: setup.weightDecay,
                    parameters: parameters)
        }
        guard hasBackboneGroups, let backboneRate = setup.backboneLearningRate else {
            return [constructor("model.parameters()")]
        }
        return constructor(
            "[\n    {\"params\": backbone.parameters(), \"lr\": \(Format.setting(backboneRate))},\n"
                + "    {\"params\": head.parameters()},\n]"
        ).components(separatedBy: "\n")
    }

    /// What happens to the data before training: label and order mistakes, standardisation.
    var pipelineLines: [String] {
        var lines: [String] = []
        if !setup.labelsAligned {
            lines.append(
                "y_train = y_train[torch.randperm(len(y_train), generator=torch.Generator().manual_seed(777))]")
        }
        if setup.sortedByClass {
            lines.append("order = y_train.argsort(stable=True)")
            lines.append("X_train, y_train = X_train[order], y_train[order]")
        }
        if setup.standardize {
            if setup.architecture.readsImages {
                lines.append("# per channel, over every pixel of every training image")
                lines.append(
                    "mean, std = X_train.mean((0, 2, 3), keepdim=True), X_train.std((0, 2, 3), keepdim=True).clamp_min(1e-8)"
                )
            } else {
                let axes = setup.architecture.readsSequences ? "(0, 1)" : "0"
                lines.append("mean, std = X_train.mean(\(axes)), X_train.std(\(axes)).clamp_min(1e-8)")
            }
            lines.append("X_train = (X_train - mean) / std")
            if setup.validationPreprocessing == .trainStatistics { lines.append("X_val = (X_val - mean) / std") }
        }
        return lines
    }

    /// The loader's own collation, for data kept batch-last: each batch is stacked along a
    /// last axis, as the export stores it, and then brought to the front.
    var collateLines: [String] {
        guard setup.collate != .standard else { return [] }
        let images = exampleShape.count == 3 && setup.architecture.readsImages
        let toFront =
            setup.collate == .view
            ? "x.view(x.shape[-1], *x.shape[:-1])" : images ? "x.permute(3, 0, 1, 2)" : "x.permute(1, 0)"
        return [
            "",
            "# Batches are assembled batch-last (\(images ? "C x H x W" : "features") x N), as the old MATLAB pipeline",
            "# did, then brought to the N-first layout the model expects.",
            "def collate(samples):",
            "    xs, ys = zip(*samples)",
            "    x = torch.stack(xs, dim=-1)",
            "    return \(toFront), torch.stack(ys)",
            "",
        ]
    }

    /// `nn.Sequential` of the hidden layers, the read-out and, when set, an output softmax.
    var perceptronLines: [String] {
        var lines = ["model = nn.Sequential("]
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
        return lines
    }

    /// The CNN, written from the model the engine builds for this setup and these images.
    var convolutionalModelLines: [String] {
        let model = ModelFactory.makeModel(
            setup, exampleShape: exampleShape.count == 3 ? exampleShape : [1, 8, 8], classCount: 10)
        let residual = model.layers.contains { $0 is Residual }
        return (residual ? PyTorchModules.residualClass : []) + ["model = nn.Sequential("]
            + PyTorchModules.lines(for: model.layers, indent: "    ") + [")"]
    }

    /// A module class for the sequence models: the recurrent layer or the attention layer,
    /// then a linear read-out of the last time step.
    var sequenceModelLines: [String] {
        let width = setup.hidden.first ?? 32
        let outputs = setup.loss == .mse ? "n_outputs" : "n_classes"
        var lines = ["class Model(nn.Module):", "    def __init__(self):", "        super().__init__()"]
        switch setup.architecture {
        case .rnn, .mlp, .cnn, .transformer:
            lines.append("        self.rnn = nn.RNN(n_features, \(width), nonlinearity=\"tanh\", batch_first=True)")
        case .lstm:
            lines.append("        self.rnn = nn.LSTM(n_features, \(width), batch_first=True)")
        case .attention:
            let keys = setup.keyDimension
            lines.append("        self.embed = nn.Linear(n_features, \(width))")
            lines.append("        self.q = nn.Linear(\(width), \(keys), bias=False)")
            lines.append("        self.k = nn.Linear(\(width), \(keys), bias=False)")
            lines.append("        self.v = nn.Linear(\(width), \(keys), bias=False)")
            lines.append("        self.o = nn.Linear(\(keys), \(width), bias=False)")
        }
        lines.append("        self.head = nn.Linear(\(width), \(outputs))")
        lines.append("")
        lines.append("    def forward(self, x):")
        if setup.architecture == .attention {
            lines.append("        h = self.embed(x)")
            lines.append("        q, k, v = self.q(h), self.k(h), self.v(h)")
            lines.append(
                "        scores = q @ k.transpose(-2, -1)"
                    + (setup.attentionScaled ? " / math.sqrt(\(setup.keyDimension))" : ""))
            lines.append("        h = self.o(F.softmax(scores, dim=-1) @ v)")
        } else {
            lines.append("        h, _ = self.rnn(x)")
        }
        lines.append("        return self.head(h[:, -1])")
        lines.append("")
        lines.append("model = Model()")
        return lines
    }

    /// The Transformer as PyTorch's encoder layers, with the positions and the mask written
    /// out where a reviewer would look for them.
    var transformerLines: [String] {
        let width = setup.hidden.first ?? 32
        let steps = exampleShape.first.map(String.init) ?? "T"
        var lines = [
            "class Model(nn.Module):", "    def __init__(self):", "        super().__init__()",
            "        self.embed = nn.Linear(n_features, \(width))  # one-hot tokens in",
        ]
        switch setup.positions {
        case .none: break
        case .learned: lines.append("        self.pos = nn.Parameter(torch.randn(\(steps), \(width)))")
        case .sinusoidal:
            lines.append(
                "        self.register_buffer(\"pos\", sinusoidal_table(\(steps), \(width)))  # Vaswani et al.")
        }
        lines += [
            "        block = nn.TransformerEncoderLayer(",
            "            \(width), nhead=\(setup.heads), dim_feedforward=\(setup.feedForwardWidth), dropout=0.0,",
            "            activation=\"gelu\", batch_first=True, norm_first=\(setup.normPlacement == .pre ? "True" : "False"))",
            "        self.blocks = nn.TransformerEncoder(block, num_layers=\(setup.blocks), enable_nested_tensor=False)",
        ]
        if setup.normPlacement == .pre { lines.append("        self.norm = nn.LayerNorm(\(width))") }
        lines += ["        self.head = nn.Linear(\(width), n_classes)", "", "    def forward(self, x):"]
        lines.append("        h = self.embed(x)" + (setup.positions == .none ? "" : " + self.pos[: x.shape[1]]"))
        let masksPads = setup.paddingMask && data.holdsPaddedSequences
        if masksPads { lines.append("        pad = x.abs().sum(dim=-1).eq(0)  # padded steps hold no token") }
        let padArgument = masksPads ? ", src_key_padding_mask=pad" : ""
        if setup.causal {
            lines.append("        mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1])")
            lines.append("        h = self.blocks(h, mask=mask, is_causal=True\(padArgument))")
        } else {
            lines.append("        h = self.blocks(h\(padArgument))")
        }
        if setup.normPlacement == .pre { lines.append("        h = self.norm(h)") }
        if data.holdsLanguage {
            lines.append("        return self.head(h)  # next-letter logits at every step")
        } else if masksPads && !setup.causal {
            lines.append("        keep = (~pad).unsqueeze(-1).float()")
            lines.append("        return self.head((h * keep).sum(dim=1) / keep.sum(dim=1))  # mean over real steps")
        } else {
            lines.append("        return self.head(" + (setup.causal ? "h[:, -1]" : "h.mean(dim=1)") + ")")
        }
        lines += ["", "model = Model()"]
        return lines
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
        if setup.architecture.readsSequences {
            if setup.architecture == .attention, let weight {
                lines.append(weight.replacingOccurrences(of: "m.weight", with: "model.embed.weight"))
            }
            if setup.architecture == .rnn, case .normal(let deviation) = setup.recurrentInit {
                lines.append("nn.init.normal_(model.rnn.weight_hh_l0, std=\(Format.setting(deviation)))")
            }
            return lines
        }
        if let weight, setup.architecture.readsImages {
            lines.append("for m in model.modules():")
            lines.append("    if isinstance(m, (nn.Conv2d, nn.Linear)): \(weight)")
        } else if let weight {
            lines.append("for m in model:")
            lines.append("    if isinstance(m, nn.Linear): \(weight)")
        }
        if let bias, !setup.architecture.readsImages {
            lines.append("for m in list(model)[:-1]:  # hidden layers")
            lines.append("    if isinstance(m, nn.Linear): \(bias)")
        }
        return lines
    }
}
