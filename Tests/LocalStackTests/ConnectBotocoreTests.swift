import Foundation
import LocalStack
import Testing

/// botocore (AWS's own Python SDK core) as the oracle: it serializes real requests from
/// AWS's model, the service answers them, and botocore parses the answers with the model's
/// output shapes. A missing botocore is a failure, not a skip.
@Suite struct ConnectBotocoreTests {
    typealias H = ConnectHarness

    static let script = #"""
    import json, sys
    import botocore.session
    from botocore.awsrequest import prepare_request_dict, HeadersDict
    from botocore.parsers import create_parser
    from urllib.parse import urlsplit
    job = json.load(sys.stdin)
    model = botocore.session.get_session().get_service_model('connect')
    out = []
    if job['mode'] == 'serialize':
        from botocore.serialize import create_serializer
        serializer = create_serializer('rest-json', include_validation=True)
        for name, params in job['calls']:
            request = serializer.serialize_to_request(params, model.operation_model(name))
            prepare_request_dict(request, endpoint_url='https://connect.us-east-1.amazonaws.com')
            url = urlsplit(request['url'])
            body = request['body']
            if isinstance(body, dict): body = b''
            if isinstance(body, str): body = body.encode()
            out.append({'method': request['method'], 'path': url.path, 'query': url.query, 'body': body.decode()})
    else:
        parser = create_parser('rest-json')
        for name, status, headers, body in job['responses']:
            op = model.operation_model(name)
            parsed = parser.parse({'status_code': status, 'headers': HeadersDict(headers), 'body': body.encode()}, op.output_shape)
            parsed.pop('ResponseMetadata', None)
            out.append(json.loads(json.dumps(parsed, default=lambda v: v.timestamp() if hasattr(v, 'timestamp') else str(v))))
    json.dump(out, sys.stdout)
    """#

    static func python(_ job: [String: Any]) throws -> [Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ProcessInfo.processInfo.environment["PYTHON"] ?? "python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: job))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailure(description: "botocore oracle failed: \(String(decoding: err, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: data) as? [Any] ?? []
    }

    struct PythonFailure: Error, CustomStringConvertible { var description: String }

    @Test func botocoreRequestsAreAnsweredAndParsed() async throws {
        let h = try H()
        let managed = H.managed
        let jdoe = ConnectSeed.userID(instanceID: managed, username: "jdoe")
        let jdoeARN = "arn:aws:connect:us-east-1:123456789012:instance/\(managed)/agent/\(jdoe)"
        let calls: [(String, [String: Any])] = [
            ("DescribeInstance", ["InstanceId": managed]),
            ("CreateUser", ["InstanceId": managed, "Username": "rroe", "Password": "F@keP@ssw0rd",
                            "IdentityInfo": ["FirstName": "Roe", "LastName": "Richard", "Email": "rroe@example.com"],
                            "PhoneConfig": ["PhoneType": "SOFT_PHONE", "AutoAccept": true, "AfterContactWorkTimeLimit": 30],
                            "SecurityProfileIds": [H.securityProfile("CallCenterManager")],
                            "RoutingProfileId": H.routingProfile("Basic Routing Profile"),
                            "HierarchyGroupId": H.group("technical support/IT/Eastern")]),
            ("DescribeUser", ["InstanceId": managed, "UserId": jdoe]),
            ("ListUsers", ["InstanceId": managed, "MaxResults": 2]),
            ("SearchUsers", ["InstanceId": managed, "MaxResults": 10,
                             "SearchCriteria": ["StringCondition": ["FieldName": "Username", "Value": "jdoe", "ComparisonType": "EXACT"]]]),
            ("UpdateUserIdentityInfo", ["InstanceId": managed, "UserId": jdoe, "IdentityInfo": ["FirstName": "Janet", "LastName": "Doe"]]),
            ("UpdateUserPhoneConfig", ["InstanceId": managed, "UserId": jdoe, "PhoneConfig": ["PhoneType": "DESK_PHONE",
                "DeskPhoneNumber": "+12065550123"]]),
            ("UpdateUserRoutingProfile", ["InstanceId": managed, "UserId": jdoe, "RoutingProfileId": H.routingProfile("Sales Routing Profile")]),
            ("UpdateUserSecurityProfiles", ["InstanceId": managed, "UserId": jdoe, "SecurityProfileIds": [H.securityProfile("Admin")]]),
            ("UpdateUserHierarchy", ["InstanceId": managed, "UserId": jdoe]),
            ("ListSecurityProfiles", ["InstanceId": managed]),
            ("ListRoutingProfiles", ["InstanceId": managed]),
            ("ListUserHierarchyGroups", ["InstanceId": managed]),
            ("DescribeUserHierarchyGroup", ["InstanceId": managed, "HierarchyGroupId": H.group("technical support/US/Eastern")]),
            ("SearchUserHierarchyGroups", ["InstanceId": managed]),
            ("DescribeUserHierarchyStructure", ["InstanceId": managed]),
            ("TagResource", ["resourceArn": jdoeARN, "tags": ["team": "blue", "site": "x"]]),
            ("UntagResource", ["resourceArn": jdoeARN, "tagKeys": ["site"]]),
            ("ListTagsForResource", ["resourceArn": jdoeARN]),
            ("DescribeUser", ["InstanceId": managed, "UserId": "nobody"]),
            ("DeleteUser", ["InstanceId": managed, "UserId": jdoe]),
        ]
        let requests = try Self.python(["mode": "serialize", "calls": calls.map { [$0.0, $0.1] }]) as? [[String: String]] ?? []
        try #require(requests.count == calls.count)

        var responses: [[Any]] = []
        for ((name, _), request) in zip(calls, requests) {
            let local = LocalRequest(method: request["method"]!, path: request["path"]!, rawQuery: request["query"]!,
                                     body: Array(request["body"]!.utf8))
            #expect(h.service.operation(for: local) == name, "\(name): \(request)")
            let response = await h.service.handle(local, operation: name, requestID: "req-1")
            let expected = name == "DescribeUser" && request["path"]!.hasSuffix("nobody") ? 404 : 200
            #expect(response.status == expected, "\(name): \(response.text)")
            let headers = Dictionary(response.headers.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            responses.append([name, response.status, headers, response.text])
        }
        let parsed = try Self.python(["mode": "parse", "responses": responses]) as? [[String: Any]] ?? []
        try #require(parsed.count == calls.count)

        let instance = try #require(parsed[0]["Instance"] as? [String: Any])
        #expect(instance["CreatedTime"] as? Double == H.start.timeIntervalSince1970)
        #expect(parsed[1]["UserId"] as? String == "00000000-0000-4000-8000-000000000001")
        let user = try #require(parsed[2]["User"] as? [String: Any])
        #expect(user["Username"] as? String == "jdoe")
        #expect(user["LastModifiedTime"] as? Double == H.start.timeIntervalSince1970)
        #expect((user["PhoneConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int == 30)
        #expect((parsed[3]["UserSummaryList"] as? [Any])?.count == 2)
        #expect(parsed[3]["NextToken"] is String)
        let found = try #require((parsed[4]["Users"] as? [[String: Any]])?.first)
        #expect((found["PhoneConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int == 30_000)
        #expect(parsed[4]["ApproximateTotalCount"] as? Int == 1)
        #expect((parsed[10]["SecurityProfileSummaryList"] as? [Any])?.count == 4)
        #expect((parsed[12]["UserHierarchyGroupSummaryList"] as? [Any])?.count == 7)
        let group = try #require(parsed[13]["HierarchyGroup"] as? [String: Any])
        #expect(((group["HierarchyPath"] as? [String: Any])?["LevelTwo"] as? [String: Any])?["Name"] as? String == "US")
        #expect(parsed[14]["ApproximateTotalCount"] as? Int == 7)
        #expect(((parsed[15]["HierarchyStructure"] as? [String: Any])?["LevelThree"] as? [String: Any])?["Name"] as? String == "Region")
        #expect(parsed[18]["tags"] as? [String: String] == ["team": "blue"])
        let error = try #require(parsed[19]["Error"] as? [String: Any])
        #expect(error["Code"] as? String == "ResourceNotFoundException")
        #expect((error["Message"] as? String)?.contains("nobody") == true)
    }
}
