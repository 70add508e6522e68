import JSONLog
import Synchronization

/// The account gate's share (`AccountGate`): how many times it engaged, and the rate every
/// operation together was held to after the last answer (nil: off, the lanes alone).
package struct GateCounts: Codable, Sendable, Equatable {
    package var engagements = 0
    package var finalRate: Double?

    package init(engagements: Int = 0, finalRate: Double? = nil) {
        self.engagements = engagements
        self.finalRate = finalRate
    }
}
