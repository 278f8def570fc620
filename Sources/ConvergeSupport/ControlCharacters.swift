import Foundation

extension String {
    /// The text with every control character written visibly in caret notation (escape
    /// becomes `^[`, delete `^?`), so that a typed escape sequence is shown, stored and
    /// replayed as the characters it is rather than acted on by the terminal. Tabs stay.
    public var withVisibleControlCharacters: String {
        var result = ""
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x09: result.unicodeScalars.append(scalar)
            case 0x00..<0x20: result += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            case 0x7F: result += "^?"
            case 0x80..<0xA0: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    /// The text without terminal styling (colour and bold escape sequences): what a
    /// transcript stores, so that a replay is plain wherever it is shown and `NO_COLOR` holds.
    public var withoutTerminalStyling: String {
        replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }
}
