import ConvergeGrader

/// The evaluation rubric of the interview, as the specification gives it: what each level
/// looks like in each area. The scorecard quotes the description of the level it awards.
public enum Rubric {
    public static let fundamentals: [Grade.Level: String] = [
        .novice: "Knows backpropagation exists, vague on details",
        .intermediate: "Can explain chain rule and gradient flow, understands vanishing gradients conceptually",
        .expert:
            "Derives gradient flow through specific architectures, explains why specific solutions work (skip connections, gating, normalization); deep knowledge of optimizer internals, normalization techniques, initialization theory, can reason about training stability and scaling",
    ]

    public static let practicalDebugging: [Grade.Level: String] = [
        .novice: "No systematic approach",
        .intermediate: "Checks learning rate and loss curve",
        .expert:
            "Methodical debugging process, can diagnose from symptoms (loss curve shape, gradient statistics), knows numerical stability issues",
    ]
}
