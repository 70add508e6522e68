#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore

/// What the function was invoked with: S3 event notifications, or a scheduled export.
package enum FunctionEvent: Sendable, Equatable {
    case s3(S3Event)
    case scheduled(ScheduledEvent)

    package init(json: [UInt8]) throws(S3Event.Malformed) {
        if let scheduled = ScheduledEvent(json: json) {
            self = .scheduled(scheduled)
            return
        }
        do {
            self = .s3(try S3Event(json: json))
        } catch {
            throw S3Event.Malformed(description: """
                the event is neither an S3 event notification (Records[].s3.bucket.name and .object.key) nor an EventBridge Scheduled Event \
                (detail-type \"Scheduled Event\", source aws.events, id, time)
                """)
        }
    }
}
