/// Unicode Normalization Form C, which Amazon Connect requires of names ("Inputs must be in
/// Unicode Normalization Form C"): a name typed on a Mac or pasted from a PDF often arrives
/// decomposed (`e` + U+0301 instead of `é`), looks identical, and would be rejected.
///
/// Why the standard library's `_nfcCodeUnits`: Foundation's
/// `precomposedStringWithCanonicalMapping` lives in FoundationInternationalization, which
/// links ICU (about 30 MB) into the Lambda binary. The standard library carries its own
/// normalization data (it compares strings by canonical equivalence) and exposes NFC as
/// `_nfcCodeUnits`, a package (underscored) API with no ICU. Pure ASCII, the common case, is
/// returned as is.
package enum NFC {
    package static func normalize(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        return String(decoding: s._nfcCodeUnits, as: UTF8.self)
    }

    /// Whether `s` is already NFC, compared scalar by scalar (`==` on strings would call
    /// canonically equivalent forms equal).
    package static func isNormalized(_ s: String) -> Bool {
        normalize(s).unicodeScalars.elementsEqual(s.unicodeScalars)
    }
}
