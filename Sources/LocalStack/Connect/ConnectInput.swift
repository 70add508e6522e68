import Foundation

/// Typed, validating access to the members of a JSON request object.
///
/// A member of the wrong JSON type is an `InvalidRequestException` (the body does not fit the
/// model's shapes); a member that has the right type but breaks a constraint is an
/// `InvalidParameterException`. `null` counts as absent, as AWS's deserializers treat it.
struct ConnectInput {
    private let members: [(String, ConnectJSON)]
    /// Where this object sits in the request, for messages (`PhoneConfig`).
    let path: String

    init(_ json: ConnectJSON, path: String = "") throws(ConnectError) {
        guard case let .object(members) = json else {
            throw .invalidRequest(path.isEmpty ? "The request body must be a JSON object" : "'\(path)' must be a JSON object")
        }
        self.members = members
        self.path = path
    }

    /// Parses a request body; an empty body is an empty object.
    static func body(_ bytes: [UInt8]) throws(ConnectError) -> ConnectInput {
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return try ConnectInput(.object([])) }
        let json: ConnectJSON
        do {
            json = try ConnectJSON.parse(bytes)
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error.reason) at offset \(error.offset)")
        }
        return try ConnectInput(json)
    }

    func fieldPath(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func raw(_ name: String) -> ConnectJSON? {
        guard let value = members.last(where: { $0.0 == name })?.1, value != .null else { return nil }
        return value
    }

    func has(_ name: String) -> Bool { raw(name) != nil }

    private func typeError(_ name: String, _ type: String) -> ConnectError {
        .invalidRequest("'\(fieldPath(name))' must be \(type)")
    }

    func string(_ name: String) throws(ConnectError) -> String? {
        guard let value = raw(name) else { return nil }
        guard case let .string(text) = value else { throw typeError(name, "a string") }
        return text
    }

    func bool(_ name: String) throws(ConnectError) -> Bool? {
        guard let value = raw(name) else { return nil }
        guard case let .bool(flag) = value else { throw typeError(name, "a boolean") }
        return flag
    }

    func integer(_ name: String) throws(ConnectError) -> Int? {
        guard let value = raw(name) else { return nil }
        guard case let .number(number) = value, number == number.rounded(), abs(number) <= 9.2e18 else {
            throw typeError(name, "an integer")
        }
        return Int(number)
    }

    func object(_ name: String) throws(ConnectError) -> ConnectInput? {
        guard let value = raw(name) else { return nil }
        return try ConnectInput(value, path: fieldPath(name))
    }

    func array(_ name: String) throws(ConnectError) -> [ConnectJSON]? {
        guard let value = raw(name) else { return nil }
        guard case let .array(values) = value else { throw typeError(name, "a list") }
        return values
    }

    func objects(_ name: String) throws(ConnectError) -> [ConnectInput]? {
        guard let values = try array(name) else { return nil }
        var out: [ConnectInput] = []
        for (index, value) in values.enumerated() {
            out.append(try ConnectInput(value, path: "\(fieldPath(name)).\(index + 1)"))
        }
        return out
    }

    func strings(_ name: String) throws(ConnectError) -> [String]? {
        guard let values = try array(name) else { return nil }
        var out: [String] = []
        for value in values {
            guard case let .string(text) = value else { throw typeError(name, "a list of strings") }
            out.append(text)
        }
        return out
    }

    func stringMap(_ name: String) throws(ConnectError) -> [(String, String)]? {
        guard let value = raw(name) else { return nil }
        guard case let .object(pairs) = value else { throw typeError(name, "a map of strings") }
        var out: [(String, String)] = []
        for (key, item) in pairs {
            guard case let .string(text) = item else { throw typeError(name, "a map of strings") }
            out.append((key, text))
        }
        return out
    }

    // MARK: Constraints

    func required<T>(_ value: T?, _ name: String) throws(ConnectError) -> T {
        guard let value else { throw .missing(fieldPath(name)) }
        return value
    }

    /// Length as AWS counts it (UTF-16 code units, like Java's `String.length`).
    func checkLength(_ value: String?, _ name: String, min: Int? = nil, max: Int? = nil) throws(ConnectError) {
        guard let value else { return }
        let length = value.utf16.count
        if let min, length < min {
            throw .constraint(fieldPath(name), "Member must have length greater than or equal to \(min)")
        }
        if let max, length > max {
            throw .constraint(fieldPath(name), "Member must have length less than or equal to \(max)")
        }
    }

    func checkRange(_ value: Int?, _ name: String, min: Int? = nil, max: Int? = nil) throws(ConnectError) {
        guard let value else { return }
        if let min, value < min {
            throw .constraint(fieldPath(name), "Member must have value greater than or equal to \(min)")
        }
        if let max, value > max {
            throw .constraint(fieldPath(name), "Member must have value less than or equal to \(max)")
        }
    }

    func checkCount(_ count: Int?, _ name: String, min: Int, max: Int) throws(ConnectError) {
        guard let count else { return }
        if count < min {
            throw .constraint(fieldPath(name), "Member must have length greater than or equal to \(min)")
        }
        if count > max {
            throw .constraint(fieldPath(name), "Member must have length less than or equal to \(max)")
        }
    }

    func checkEnum(_ value: String?, _ name: String, _ allowed: [String]) throws(ConnectError) {
        guard let value, !allowed.contains(value) else { return }
        throw .constraint(fieldPath(name), "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
    }
}
