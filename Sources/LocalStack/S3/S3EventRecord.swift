import AWSCore
import Foundation

/// The JSON of an S3 event notification, member for member as S3 sends it to Lambda.
struct S3EventRecord: Sendable {
    var region: String
    var eventTime: Date
    /// `ObjectCreated:Put`, `ObjectCreated:Copy`.
    var eventName: String
    var principalID: String
    var sourceIPAddress: String
    var requestID: String
    var hostID: String
    var configurationID: String
    var bucket: String
    var ownerPrincipalID: String
    var key: [UInt8]
    var size: Int
    /// Hex MD5, without quotes.
    var eTag: String
    var sequencer: String

    var json: String {
        let q: (String) -> String = JSONText.quoted
        return #"{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":\#(q(region)),"#
            + #""eventTime":\#(q(S3Text.iso8601Milliseconds(eventTime))),"eventName":\#(q(eventName)),"#
            + #""userIdentity":{"principalId":\#(q(principalID))},"#
            + #""requestParameters":{"sourceIPAddress":\#(q(sourceIPAddress))},"#
            + #""responseElements":{"x-amz-request-id":\#(q(requestID)),"x-amz-id-2":\#(q(hostID))},"#
            + #""s3":{"s3SchemaVersion":"1.0","configurationId":\#(q(configurationID)),"#
            + #""bucket":{"name":\#(q(bucket)),"ownerIdentity":{"principalId":\#(q(ownerPrincipalID))},"#
            + #""arn":\#(q("arn:aws:s3:::" + bucket))},"#
            + #""object":{"key":\#(q(S3Text.formEncodedKey(key))),"size":\#(size),"eTag":\#(q(eTag)),"#
            + #""sequencer":\#(q(sequencer))}}}]}"#
    }
}
