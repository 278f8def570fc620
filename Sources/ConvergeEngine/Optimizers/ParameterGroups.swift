/// A model's parameters in groups, each updated by its own optimizer at its own share of the
/// learning rate: PyTorch's parameter groups, as fine-tuning writes them
/// (`[{"params": backbone, "lr": 1e-4}, {"params": head}]`).
///
/// The trainer sets one learning rate (its schedule's), and every group follows it in
/// proportion, as PyTorch's schedulers scale each group's rate. A group can sit out the
/// first steps entirely, as a frozen backbone does while a new head settles: it is not
/// stepped, so its momentum and Adam moments start only when it thaws.
public final class ParameterGroups: Optimizer {
    /// One group: its optimizer, the factor its rate keeps to the base rate, and the number
    /// of steps it stays frozen (`Int.max`: for good).
    public struct Group {
        public let optimizer: Optimizer
        public let rateFactor: Float
        public let frozenSteps: Int

        public init(optimizer: Optimizer, rateFactor: Float = 1, frozenSteps: Int = 0) {
            self.optimizer = optimizer
            self.rateFactor = rateFactor
            self.frozenSteps = frozenSteps
        }
    }

    public let groups: [Group]
    public let parameters: [Parameter]
    public var kind: String { groups.first?.optimizer.kind ?? "sgd" }
    /// The base rate; each group's optimizer runs at `learningRate · rateFactor`.
    public var learningRate: Float {
        didSet { for group in groups { group.optimizer.learningRate = learningRate * group.rateFactor } }
    }
    private var stepsTaken = 0

    public init(groups: [Group], learningRate: Float) {
        self.groups = groups
        self.parameters = groups.flatMap(\.optimizer.parameters)
        self.learningRate = learningRate
        for group in groups { group.optimizer.learningRate = learningRate * group.rateFactor }
    }

    public func step() {
        for group in groups where stepsTaken >= group.frozenSteps { group.optimizer.step() }
        stepsTaken += 1
    }
}
