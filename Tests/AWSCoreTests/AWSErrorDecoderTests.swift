@testable import AWSCore
import TestSupport
import Testing

/// Error responses as AWS sends them, decoded by us and by botocore's own parsers.
@Suite struct AWSErrorDecoderTests {
    struct Sample: Encodable, CustomTestStringConvertible {
        var `protocol`: String
        var status: Int
        var headers: [[String]]
        var body: String
        var testDescription: String { "\(status) \(body.prefix(60))" }

        var response: TransportResponse {
            TransportResponse(status: status, headers: HTTPHeaders(headers.map { ($0[0], $0[1]) }), body: Array(body.utf8))
        }
    }

    struct Decoded: Decodable, Equatable {
        var code: String
        var message: String
        var requestId: String?
    }

    static let samples: [Sample] = [
        // Amazon Connect (rest-json): the type in x-amzn-ErrorType with the coral URL, `Message` in the body.
        Sample(protocol: "rest-json", status: 404, headers: [
            ["x-amzn-RequestId", "9d6e2c4a-1f0b-4f5e-a8a1-6f2a3f6b1c11"],
            ["x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.connect/"],
            ["Content-Type", "application/json"],
        ], body: #"{"Message":"User not found for this instance: 8f1c3e12-9b7a-4d4e-a9c3-2b6d0a7f5e44"}"#),
        Sample(protocol: "rest-json", status: 409, headers: [
            ["x-amzn-RequestId", "1b2c3d4e-0000-4000-8000-000000000002"],
            ["x-amzn-ErrorType", "DuplicateResourceException:http://internal.amazon.com/coral/com.amazonaws.connect/"],
        ], body: #"{"Message":"User with username rroe already exists"}"#),
        // Throttling from the front door: lower-case `message`.
        Sample(protocol: "rest-json", status: 429, headers: [
            ["x-amzn-RequestId", "5e6f7a8b-0000-4000-8000-000000000003"],
            ["x-amzn-ErrorType", "ThrottlingException"],
        ], body: #"{"message":"Rate exceeded"}"#),
        Sample(protocol: "rest-json", status: 429, headers: [
            ["x-amzn-ErrorType", "LimitExceededException:http://internal.amazon.com/coral/com.amazonaws.connect/"],
        ], body: #"{"Message":"The allowed limit for the resource has been exceeded."}"#),
        // Signature and permission failures from the shared coral front end.
        Sample(protocol: "rest-json", status: 403, headers: [
            ["x-amzn-RequestId", "a1b2c3d4-0000-4000-8000-000000000004"],
            ["x-amzn-ErrorType", "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/"],
        ], body: #"{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}"#),
        Sample(protocol: "rest-json", status: 403, headers: [
            ["x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/"],
        ], body: #"{"Message":"User: arn:aws:sts::123456789012:assumed-role/bulk/fn is not authorized to perform: connect:CreateUser on resource: arn:aws:connect:us-east-1:123456789012:instance/abc/agent/*"}"#),
        // The type only in the body, namespaced.
        Sample(protocol: "rest-json", status: 400, headers: [],
               body: #"{"__type":"com.amazonaws.connect#InvalidParameterException","message":"1 validation error detected"}"#),
        Sample(protocol: "rest-json", status: 500, headers: [["x-amzn-RequestId", "req-500"]],
               body: #"{"__type":"InternalServiceException","Message":"Internal service error"}"#),
        // A gateway answering with no JSON at all.
        Sample(protocol: "rest-json", status: 503, headers: [], body: ""),
        // Amazon S3 (rest-xml).
        Sample(protocol: "rest-xml", status: 404, headers: [
            ["x-amz-request-id", "4442587FB7D0A2F9"], ["Content-Type", "application/xml"],
        ], body: """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>create/agents.csv</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>ZPiQUhCBq3b7/Q2Sdw1Q2tGSPHLj2k0EhlLDbWNLd8ZYAcI5kA1Us5W0WHUWvqLRqoh+RX0UeBQ=</HostId></Error>
            """),
        Sample(protocol: "rest-xml", status: 403, headers: [["x-amz-request-id", "C8A4B5E6F7A8B9C0"]], body: """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256
            20150830T123600Z</StringToSign><RequestId>C8A4B5E6F7A8B9C0</RequestId></Error>
            """),
        Sample(protocol: "rest-xml", status: 503, headers: [], body: """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>REQ503</RequestId></Error>
            """),
        Sample(protocol: "rest-xml", status: 409, headers: [], body: """
            <Error><Code>BucketAlreadyOwnedByYou</Code><Message>Your previous request to create the named bucket succeeded &amp; you already own it.</Message><BucketName>my-bucket</BucketName><RequestId>R1</RequestId></Error>
            """),
        // HEAD has no body: botocore reports the status as the code.
        Sample(protocol: "rest-xml", status: 404, headers: [["x-amz-request-id", "HEAD404"]], body: ""),
    ]

    @Test func decodesAsBotocoreDoes() throws {
        let expected = try PythonOracle.run(script: "error_oracle.py", input: Self.samples, as: [Decoded].self)
        #expect(expected.count == Self.samples.count)
        for (sample, reference) in zip(Self.samples, expected) {
            let error = AWSErrorDecoder.decode(
                sample.response, protocol: sample.protocol == "rest-json" ? .restJSON : .s3XML,
                service: "Svc", operation: "Op")
            #expect(error.code == reference.code, "\(sample.testDescription)")
            #expect(error.statusCode == sample.status)
            if !reference.message.isEmpty {
                #expect(error.message == reference.message, "\(sample.testDescription)")
            }
            if let requestID = reference.requestId, !requestID.isEmpty {
                #expect(error.requestID == requestID, "\(sample.testDescription)")
            }
        }
    }

    @Test func carriesServiceOperationAndReadableDescription() {
        let error = AWSErrorDecoder.decode(Self.samples[0].response, protocol: .restJSON, service: "Connect", operation: "DescribeUser")
        #expect(error.service == "Connect")
        #expect(error.operation == "DescribeUser")
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.requestID == "9d6e2c4a-1f0b-4f5e-a8a1-6f2a3f6b1c11")
        #expect(error.description == """
            Connect DescribeUser failed: ResourceNotFoundException (HTTP 404): User not found for this instance: \
            8f1c3e12-9b7a-4d4e-a9c3-2b6d0a7f5e44 [request id 9d6e2c4a-1f0b-4f5e-a8a1-6f2a3f6b1c11]
            """)
    }

    @Test func emptyBodiesFallBackToTheStatus() {
        let error = AWSErrorDecoder.decode(TransportResponse(status: 503), protocol: .restJSON, service: "Connect", operation: "ListUsers")
        #expect(error.code == "503")
        #expect(error.message == "Service Unavailable")
    }

    @Test func keepsRetryAfter() {
        let response = TransportResponse.connectError(429, "ThrottlingException", "Rate exceeded", headers: ["Retry-After": "2"])
        #expect(AWSErrorDecoder.decode(response, protocol: .restJSON, service: "Connect", operation: "X").retryAfter == "2")
    }
}
