import CStemmer
import Foundation

/// Snowball's English stemmer (Porter2), from Debian's libstemmer.
///
/// A Snowball stemmer object keeps state between calls and is not safe to share between
/// threads, so every call takes the lock.
final class SnowballStemmer: @unchecked Sendable {
    static let english = SnowballStemmer(language: "english")

    private let stemmer: OpaquePointer?
    private let lock = NSLock()

    init(language: String) {
        stemmer = sb_stemmer_new(language, "UTF_8")
    }

    deinit {
        sb_stemmer_delete(stemmer)
    }

    /// The stem of `word`, or the word itself if the stemmer could not be made.
    func stem(_ word: String) -> String {
        guard let stemmer else { return word }
        lock.lock()
        defer { lock.unlock() }
        let bytes = Array(word.utf8)
        guard let stemmed = sb_stemmer_stem(stemmer, bytes, Int32(bytes.count)) else { return word }
        let length = Int(sb_stemmer_length(stemmer))
        return String(decoding: UnsafeBufferPointer(start: stemmed, count: length), as: UTF8.self)
    }
}
