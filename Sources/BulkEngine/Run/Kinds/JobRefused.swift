import ConnectClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONLog

/// Thrown by a kind's `prepare`, before any call, to refuse the whole file: the run keeps it
/// unchanged under `failed/`, and the summary says `description` (why, and how to proceed).
struct JobRefused: Error, CustomStringConvertible {
    let description: String
}
