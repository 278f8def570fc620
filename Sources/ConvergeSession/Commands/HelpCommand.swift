import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `help`: list the commands, or explain one.
public struct HelpCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "help", tier: .look, summary: "list the commands, or explain one", usage: "help [COMMAND]",
        example: "help overfit-batch")

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.help(arguments)
    }
}

extension Session {
    func help(_ arguments: [String]) -> CommandResult {
        if let name = arguments.first {
            guard let spec = SessionCommands.spec(named: name) else {
                let suggestions = SessionCommands.suggestions(for: name)
                return .error(
                    "No command `\(name)`." + (suggestions.isEmpty ? "" : " Did you mean `\(suggestions[0])`?"))
            }
            var text = "\(spec.usage)\n  \(spec.summary) (\(spec.tier.name))\n  example: \(spec.example)"
            if spec.name == SetCommand.spec.name {
                // The same list in every case, without current values: `config` and `code`
                // show those, where a real project keeps them.
                text +=
                    "\n\nknobs (`config` shows the configuration's values, `code` the rest):\n"
                    + Format.table(
                        ["knob", "in", "allowed"],
                        Knob.all.map { [$0.name, $0.id.place == .configuration ? "config" : "code", $0.allowed] })
            }
            return CommandResult(text: text)
        }
        var lines: [String] = []
        let column = (SessionCommands.specs.map(\.usage.count).max() ?? 22) + 2
        for tier in Tier.allCases {
            let commands = SessionCommands.specs.filter { $0.tier == tier }
            guard !commands.isEmpty else { continue }
            lines.append(style.bold(tier.name))
            for command in commands {
                lines.append(
                    "  " + command.usage.padding(toLength: column, withPad: " ", startingAt: 0) + command.summary)
            }
        }
        lines.append(
            "\n`help COMMAND` explains one command with an example; `help set` lists every knob; "
                + "`clear` clears the screen.")
        return CommandResult(text: lines.joined(separator: "\n"))
    }
}
