import ConvergeSupport

/// Every command of the session, in the order `help` lists them within each tier.
public enum SessionCommands {
    public static let all: [any SessionCommand.Type] = [
        HelpCommand.self, ReportCommand.self, CodeCommand.self, ConfigCommand.self, CurveCommand.self, RunsCommand.self,
        CompareCommand.self,
        DataCommand.self,
        InitLossCommand.self, OverfitBatchCommand.self, EvalCommand.self, PredictCommand.self, GenerateCommand.self,
        GradNormsCommand.self, ActivationsCommand.self, WeightsCommand.self, UpdateRatioCommand.self,
        GradThroughTimeCommand.self, AttentionCommand.self, ReceptiveFieldCommand.self, FiltersCommand.self,
        NanCheckCommand.self,
        LRFindCommand.self, SetCommand.self, RunCommand.self,
        HintCommand.self, DiagnoseCommand.self, DiffCommand.self, ResetCommand.self, SubmitCommand.self,
        QuitCommand.self, RevealCommand.self,
    ]

    /// Every command's spec, in `all`'s order.
    public static let specs: [CommandSpec] = all.map { $0.spec }

    /// The command called `name` (any case).
    public static func named(_ name: String) -> (any SessionCommand.Type)? {
        all.first { $0.spec.name == name.lowercased() }
    }

    /// The spec of the command called `name`.
    public static func spec(named name: String) -> CommandSpec? {
        named(name)?.spec
    }

    /// The closest command names to a mistyped one.
    public static func suggestions(for word: String) -> [String] {
        NearestWords.suggestions(for: word, among: specs.map(\.name))
    }
}
