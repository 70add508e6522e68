@testable import AWSCore
import Testing

@Suite struct AWSEndpointTests {
    let frankfurt = AWSRegion("eu-central-1")!

    @Test func publicEndpoints() throws {
        let connect = try AWSEndpoint.resolve(service: .connect, region: frankfurt, environment: EnvironmentVariables([:]))
        #expect(connect.url(path: "/users/i-1") == "https://connect.eu-central-1.amazonaws.com/users/i-1")
        #expect(!connect.pathStyle)
        let s3 = try AWSEndpoint.resolve(service: .s3, region: frankfurt, environment: EnvironmentVariables([:]))
        #expect(s3.s3URL(bucket: "agents", key: "create/my file+1.csv")
            == "https://agents.s3.eu-central-1.amazonaws.com/create/my%20file%2B1.csv")
        #expect(s3.s3URL(bucket: "agents", query: [("list-type", "2"), ("prefix", "create/")])
            == "https://agents.s3.eu-central-1.amazonaws.com/?list-type=2&prefix=create%2F")
        // A dotted bucket cannot be a TLS host label under *.s3.<region>.amazonaws.com.
        #expect(s3.s3URL(bucket: "agents.example.com", key: "a.csv")
            == "https://s3.eu-central-1.amazonaws.com/agents.example.com/a.csv")
        let china = try AWSEndpoint.resolve(service: .connect, region: AWSRegion("cn-north-1")!, environment: EnvironmentVariables([:]))
        #expect(china.baseURL == "https://connect.cn-north-1.amazonaws.com.cn")
    }

    @Test func overridesAsTheSDKsReadThem() throws {
        let environment = EnvironmentVariables([
            "AWS_ENDPOINT_URL": "http://127.0.0.1:4566/",
            "AWS_ENDPOINT_URL_CONNECT": "http://localhost:9000",
        ])
        let connect = try AWSEndpoint.resolve(service: .connect, region: frankfurt, environment: environment)
        #expect(connect.baseURL == "http://localhost:9000")
        #expect(connect.isOverride)
        let s3 = try AWSEndpoint.resolve(service: .s3, region: frankfurt, environment: environment)
        #expect(s3.s3URL(bucket: "agents", key: "create/a b.csv") == "http://127.0.0.1:4566/agents/create/a%20b.csv")
        #expect(s3.s3URL(bucket: "agents") == "http://127.0.0.1:4566/agents")
        let s3Only = try AWSEndpoint.resolve(service: .s3, region: frankfurt,
            environment: EnvironmentVariables(["AWS_ENDPOINT_URL_S3": "https://s3.internal.example:8443"]))
        #expect(s3Only.s3URL(bucket: "b", key: "k") == "https://s3.internal.example:8443/b/k")
        let ignored = try AWSEndpoint.resolve(service: .connect, region: frankfurt, environment: EnvironmentVariables([
            "AWS_ENDPOINT_URL_CONNECT": "http://localhost:9000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
        ]))
        #expect(ignored.baseURL == "https://connect.eu-central-1.amazonaws.com")
    }

    @Test func badOverridesAreRefusedClearly() {
        #expect(throws: ConfigurationError("""
            AWS_ENDPOINT_URL_CONNECT is 'http://connect.example.com': plain http:// is accepted only for loopback hosts (127.0.0.1, localhost, \
            [::1]); use https://
            """)) {
            try AWSEndpoint.resolve(service: .connect, region: frankfurt,
                environment: EnvironmentVariables(["AWS_ENDPOINT_URL_CONNECT": "http://connect.example.com"]))
        }
        #expect(throws: ConfigurationError.self) {
            try AWSEndpoint.resolve(service: .s3, region: frankfurt, environment: EnvironmentVariables(["AWS_ENDPOINT_URL": "localhost:4566"]))
        }
        #expect(throws: Never.self) {
            try AWSEndpoint.resolve(service: .s3, region: frankfurt, environment: EnvironmentVariables(["AWS_ENDPOINT_URL": "http://[::1]:4566"]))
        }
    }

    @Test func regionPrecedence() throws {
        #expect(try AWSRegion.resolve(environment: EnvironmentVariables(["AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "eu-west-1"]))?.name == "us-east-1")
        #expect(try AWSRegion.resolve(environment: EnvironmentVariables(["AWS_DEFAULT_REGION": "eu-west-1",
            "HOME": "/nonexistent"]))?.name == "eu-west-1")
        #expect(try AWSRegion.resolve(environment: EnvironmentVariables(["HOME": "/nonexistent"])) == nil)
        #expect(throws: ConfigurationError("AWS_REGION is 'Frankfurt', which is not an AWS region name (for example eu-west-2)")) {
            try AWSRegion.resolve(environment: EnvironmentVariables(["AWS_REGION": "Frankfurt"]))
        }
        let home = try CredentialProviderTests.Home(credentials: nil, config: CredentialProviderTests.configFile)
        #expect(try AWSRegion.resolve(environment: EnvironmentVariables(["HOME": home.path]))?.name == "eu-west-2")
        #expect(try AWSRegion.resolve(environment: EnvironmentVariables(["HOME": home.path, "AWS_PROFILE": "dev"]))?.name == "us-west-2")
    }

    @Test func regionNamesAndARNs() {
        #expect(AWSRegion("us-gov-west-1") != nil)
        #expect(AWSRegion("ap-southeast-2") != nil)
        for bad in ["", "us-east", "US-EAST-1", "us--1", "east-1", "us-east-1a"] { #expect(AWSRegion(bad) == nil, "\(bad)") }
        let arn = AWSARN("arn:aws:connect:eu-west-2:123456789012:instance/6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60")
        #expect(arn?.service == "connect")
        #expect(arn?.awsRegion?.name == "eu-west-2")
        #expect(arn?.account == "123456789012")
        #expect(arn?.resource == "instance/6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60")
        #expect(AWSARN("arn:aws:connect:eu-west-2:123456789012") == nil)
        #expect(AWSARN("not an arn") == nil)
    }
}
