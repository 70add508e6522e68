import AWSCore
import ConnectClient
@testable import BulkEngine
import Testing

@Suite struct FunctionConfigurationTests {
    static let arn = "arn:aws:connect:eu-west-2:123456789012:instance/6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60"

    func configuration(_ variables: [String: String]) throws(ConfigurationError) -> FunctionConfiguration {
        try FunctionConfiguration(environment: EnvironmentVariables(variables))
    }

    @Test func defaultsAndTheRegionFromTheARN() throws {
        let settings = try configuration(["CONNECT_INSTANCE_ARN": Self.arn])
        #expect(settings.instanceID == "6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60")
        #expect(settings.region == AWSRegion("eu-west-2"))
        #expect(settings.numberOfRetries == 3)
        #expect(settings.apiInterval == .milliseconds(600))
        #expect(settings.maxDeletesPerFile == 500)
        #expect(settings.apiRates.isEmpty)
        #expect(settings.laneDefaults == LaneSettings(ratePerSecond: 1 / 0.6))
    }

    @Test func theBucketOfAScheduledExportIsOptional() throws {
        #expect(try configuration(["CONNECT_INSTANCE_ARN": Self.arn]).bucket == nil)
        #expect(try configuration(["CONNECT_INSTANCE_ARN": Self.arn, "BUCKET_NAME": " "]).bucket == nil)
        #expect(try configuration(["CONNECT_INSTANCE_ARN": Self.arn, "BUCKET_NAME": " agents "]).bucket == "agents")
    }

    @Test func apiRatesGiveOperationsTheirOwnLane() throws {
        let settings = try configuration(["CONNECT_INSTANCE_ARN": Self.arn, "API_RATES": " DescribeUser=10, ListUsers = 2.5/5 "])
        #expect(settings.apiRates == ["DescribeUser": LaneSettings(ratePerSecond: 10), "ListUsers": LaneSettings(ratePerSecond: 2.5, burst: 5)])
        #expect(try configuration(["CONNECT_INSTANCE_ARN": Self.arn, "API_RATES": ""]).apiRates.isEmpty)
    }

    /// Every operation the client sends may be given a rate: the check is against the one list.
    @Test func everyOperationTheClientSendsIsAcceptedInAPIRates() throws {
        let text = ConnectOperation.allCases.map { "\($0.rawValue)=3" }.joined(separator: ",")
        let settings = try configuration(["CONNECT_INSTANCE_ARN": Self.arn, "API_RATES": text])
        #expect(settings.apiRates.count == ConnectOperation.allCases.count)
    }

    @Test func theClosestOperationIsTheFewestEditsAway() {
        #expect(FunctionConfiguration.unknownOperation("DescribeUsers").message.contains("did you mean DescribeUser?"))
        #expect(FunctionConfiguration.unknownOperation("SearchUser").message.contains("did you mean SearchUsers?"))
        #expect(FunctionConfiguration.unknownOperation("TagResources").message.contains("did you mean TagResource?"))
        // Far from every name: still the nearest one, never none.
        #expect(FunctionConfiguration.unknownOperation("Zzz").message.contains("did you mean "))
    }

    @Test func theEnvironmentsRegionAndNumbersWin() throws {
        let settings = try configuration([
            "CONNECT_INSTANCE_ARN": Self.arn, "AWS_REGION": "us-east-1", "NUMBER_OF_RETRIES": " 0 ", "API_INTERVAL_MS": "5",
            "MAX_DELETES_PER_FILE": "20000",
        ])
        #expect(settings.region == AWSRegion("us-east-1"))
        #expect(settings.numberOfRetries == 0)
        #expect(settings.apiInterval == .milliseconds(5))
        #expect(settings.maxDeletesPerFile == 20000)
    }

    @Test(arguments: [
        ([:], "CONNECT_INSTANCE_ARN is not set"),
        (["CONNECT_INSTANCE_ARN": "arn:aws:s3:::agents"], "not an Amazon Connect instance ARN"),
        (["CONNECT_INSTANCE_ARN": "arn:aws:connect:us-east-1:123456789012:instance/abc"], "not an Amazon Connect instance ARN"),
        (["CONNECT_INSTANCE_ARN": "arn:aws:connect:us-east-1:1234:instance/6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60"], "12-digit account"),
        (["CONNECT_INSTANCE_ARN": arn + "/queue/1"], "not an Amazon Connect instance ARN"),
        (["CONNECT_INSTANCE_ARN": arn, "NUMBER_OF_RETRIES": "many"], "NUMBER_OF_RETRIES is 'many': it must be a whole number from 0 to 10"),
        (["CONNECT_INSTANCE_ARN": arn, "NUMBER_OF_RETRIES": "11"], "from 0 to 10"),
        (["CONNECT_INSTANCE_ARN": arn, "API_INTERVAL_MS": "-5"], "API_INTERVAL_MS is '-5': it must be a whole number from 0 to 60000"),
        (["CONNECT_INSTANCE_ARN": arn, "MAX_DELETES_PER_FILE": "all"], "MAX_DELETES_PER_FILE is 'all': it must be a whole number from 0 to 1000000"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "DescribeUser"], "API_RATES has 'DescribeUser', which is not Operation=rate"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "describe-user=10"], "not a Connect API name"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "DescribeUser=fast"], "it must be a number of requests a second from 0.01 to 1000"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "DescribeUser=0"], "from 0.01 to 1000"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "DescribeUser=5/0"], "the burst '0': it must be a whole number from 1 to 100"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "DescribeUser=5,DescribeUser=6"], "names DescribeUser twice"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "DescribeUsers=10"],
         "API_RATES names DescribeUsers, which is not an operation this function calls: did you mean DescribeUser?"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "DescribeUser=10,ListUser=10"], """
            names ListUser, which is not an operation this function calls: did you mean ListUsers?
            """),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "UpdateUserHeirarchy=5"], "did you mean UpdateUserHierarchy?"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "Createuser=5"], "did you mean CreateUser?"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "StartOutboundVoiceContact=5"], "which is not an operation this function calls: did you mean"),
        (["CONNECT_INSTANCE_ARN": arn, "API_RATES": "DescribeUser=5,,ListUsers=2"], "API_RATES has ''"),
    ] as [([String: String], String)])
    func problemsSayWhatToSet(variables: [String: String], words: String) {
        #expect {
            _ = try configuration(variables)
        } throws: { error in
            "\(error)".contains(words)
        }
    }
}
