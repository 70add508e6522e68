import ConnectClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONLog

/// The saved state of a kind that keeps none.
struct NoSavedState: Codable, Sendable {}
