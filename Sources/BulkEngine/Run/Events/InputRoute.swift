#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore

/// What a key in the bucket asks for.
package enum InputRoute: Sendable, Equatable {
    case create
    case update
    /// `plan/create/`, `plan/update/`, `plan/delete/`: what the same file would do there, with no change.
    case plan(of: Planned)
    /// `delete/<name>.csv`: each row's user login is deleted.
    case delete
    /// `export/`: any object but the function's own `.bak` and a folder marker starts an export
    /// (its content is ignored); continuations of an export are there too.
    case export
    /// Not an input: the function's own outputs (`.bak`, `failed/`, `results/`), other
    /// folders or suffixes. Logged and left alone, so our writes never start us again.
    case ignore(reason: String)

    package init(key: String) {
        let lower = key.lowercased()
        if key.hasPrefix("export/") {
            if key == "export/" || key.hasSuffix("/") {
                self = .ignore(reason: "a folder marker, not a request for an export")
            } else if lower.hasSuffix(".bak") {
                self = .ignore(reason: "a processed export request (.bak)")
            } else {
                self = .export
            }
            return
        }
        guard lower.hasSuffix(".csv") else {
            self = .ignore(reason: "not a .csv file")
            return
        }
        if key.hasPrefix("create/") {
            self = .create
        } else if key.hasPrefix("update/") {
            self = .update
        } else if key.hasPrefix("plan/") {
            guard let planned = Planned.allCases.first(where: { key.hasPrefix("plan/\($0.rawValue)/") }) else {
                self = .ignore(reason: "not in \(Planned.allCases.map { "plan/\($0.rawValue)/" }.joined(separator: ", "))")
                return
            }
            self = .plan(of: planned)
        } else if key.hasPrefix("delete/") {
            self = .delete
        } else {
            self = .ignore(reason: "not in create/, update/, delete/ or plan/")
        }
    }
}

extension InputRoute {
    /// The folders a plan can be made for.
    package enum Planned: String, Sendable, CaseIterable {
        case create, update, delete
    }
}
