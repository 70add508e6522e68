import AWSCore
import Foundation

/// One quick connect as the stand-in holds it (`QuickConnect` in the model).
public struct ConnectQuickConnectState: Codable, Sendable, Equatable {
    public var id: String
    public var arn: String
    public var name: String
    public var description: String?
    /// `USER`, `QUEUE`, `PHONE_NUMBER` or `FLOW`.
    public var type: String
    /// USER: `UserConfig.UserId`; QUEUE: `QueueConfig.QueueId`.
    public var userID: String?
    public var queueID: String?
    /// USER, QUEUE and FLOW: the flow the transfer runs.
    public var contactFlowID: String?
    /// PHONE_NUMBER: `PhoneConfig.PhoneNumber`.
    public var phoneNumber: String?
    public var tags: [String: String]
    public var lastModifiedTime: Date
    public var lastModifiedRegion: String
    /// Creation order, for paging.
    var sequence: Int
}
