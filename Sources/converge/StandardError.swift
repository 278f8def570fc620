import Foundation

/// Warnings and skipped files go to standard error, so standard output stays parseable.
enum StandardError {
    static func print(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
