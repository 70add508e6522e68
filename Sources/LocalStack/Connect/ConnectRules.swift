import Foundation

/// The string rules of the model that are patterns, written out by hand.
enum ConnectRules {
    /// `^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$`: 8 to 64 characters, no white
    /// space, at least one ASCII lower-case letter, one upper-case letter and one digit.
    static func isValidPassword(_ password: String) -> Bool {
        guard (8 ... 64).contains(password.utf16.count) else { return false }
        var lower = false, upper = false, digit = false
        for scalar in password.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return false
            case 0x61 ... 0x7A: lower = true
            case 0x41 ... 0x5A: upper = true
            case 0x30 ... 0x39: digit = true
            default: break
            }
        }
        return lower && upper && digit
    }

    /// E.164, as the model's `\+[1-9]\d{1,14}$`: `+`, a non-zero digit, then 1 to 14 digits.
    static func isE164(_ number: String) -> Bool {
        let bytes = Array(number.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"),
              (UInt8(ascii: "1") ... UInt8(ascii: "9")).contains(bytes[1]) else { return false }
        return bytes.dropFirst(2).allSatisfy { (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) }
    }

    /// Whether `text` is already in Unicode Normalization Form C (compared scalar by scalar:
    /// Swift's `==` on strings would call canonically equivalent forms equal).
    static func isNFC(_ text: String) -> Bool {
        text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars)
    }

    /// `TagKey`: 1-128, not starting with `aws:`, letters, spaces, numbers and `_.:/=+-@`.
    static func isValidTagKey(_ key: String) -> Bool {
        guard (1 ... 128).contains(key.utf16.count), !key.hasPrefix("aws:") else { return false }
        return key.unicodeScalars.allSatisfy { scalar in
            let properties = scalar.properties
            if "_.:/=+-@".unicodeScalars.contains(scalar) { return true }
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .spaceSeparator, .lineSeparator, .paragraphSeparator,
                 .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }
}
