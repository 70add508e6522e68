import AWSCore

/// Error responses in the two wire formats AWS uses, as the real services send them.
public enum AWSErrorResponse {
    /// rest-json (Amazon Connect): `x-amzn-ErrorType` with the coral namespace, the request id,
    /// and `{"Message": ...}`.
    public static func json(status: Int, type: String, message: String, requestID: String) -> TransportResponse {
        TransportResponse(status: status, headers: [
            "x-amzn-RequestId": requestID,
            "x-amzn-ErrorType": "\(type):http://internal.amazon.com/coral/com.amazonaws.connect/",
            "Content-Type": "application/json",
        ], body: Array(#"{"Message":\#(JSONText.quoted(message))}"#.utf8))
    }

    /// AWS JSON 1.1 (Service Quotas): `{"__type": ..., "Message": ...}`, the request id.
    public static func json11(status: Int, type: String, message: String, requestID: String) -> TransportResponse {
        TransportResponse(status: status, headers: ["x-amzn-RequestId": requestID, "Content-Type": "application/x-amz-json-1.1"],
                     body: Array(#"{"__type":\#(JSONText.quoted(type)),"Message":\#(JSONText.quoted(message))}"#.utf8))
    }

    /// rest-xml (S3): `<Error><Code/><Message/><Resource/><RequestId/></Error>`. HEAD responses
    /// carry no body, as S3 sends none.
    public static func xml(status: Int, code: String, message: String, resource: String = "", requestID: String,
                           head: Bool = false) -> TransportResponse {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>\(XMLText.escaped(code))</Code><Message>\(XMLText.escaped(message))</Message>\
            <Resource>\(XMLText.escaped(resource))</Resource><RequestId>\(XMLText.escaped(requestID))</RequestId></Error>
            """
        return TransportResponse(status: status, headers: [
            "x-amz-request-id": requestID,
            "Content-Type": "application/xml",
        ], body: head ? [] : Array(body.utf8))
    }
}
