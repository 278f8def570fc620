import ConvergeEngine

/// A setting whose value is one of a fixed list of words (`relu`, `adam`, `cosine`): the
/// knob's allowed values, its parsing and its help all come from the cases.
public protocol SettingChoice: RawRepresentable<String>, CaseIterable, Codable, Sendable, Equatable {}

extension SettingChoice {
    /// The choice a person typed, accepting `-` for `_` and any case (`leaky-relu`).
    public init?(typed text: String) {
        let wanted = text.lowercased().replacingOccurrences(of: "-", with: "_")
        guard let match = Self.allCases.first(where: { $0.rawValue.replacingOccurrences(of: "-", with: "_") == wanted })
        else {
            return nil
        }
        self = match
    }

    /// Every choice, for help and error messages: `one of relu, tanh`.
    static var allowedText: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
}

extension Activation: SettingChoice {}
