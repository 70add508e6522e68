import AWSCore
import ConnectClient
import JSONLog
import S3Client
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A read of Amazon Connect that failed past its retries (a look-up, the listing): the export
/// cannot be made. Kept apart from the bucket's errors, which fail the invocation instead.
struct ConnectReadFailed: Error {
    let error: any Error

    static func wrap<Value>(_ read: () async throws -> Value) async throws -> Value {
        do {
            return try await read()
        } catch {
            throw ConnectReadFailed(error: error)
        }
    }
}
