@testable import AWSCore
import Foundation
import Testing

@Suite struct CredentialProviderTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let token = "IQoJb3JpZ2luX2VjEXAMPLETOKENwNTU2"

    /// A temporary home folder with `.aws/credentials` and `.aws/config`.
    final class Home {
        let path: String
        init(credentials: String?, config: String?) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
            if let credentials { try credentials.write(toFile: path + "/.aws/credentials", atomically: true, encoding: .utf8) }
            if let config { try config.write(toFile: path + "/.aws/config", atomically: true, encoding: .utf8) }
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let credentialsFile = """
        # laptop credentials
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = \(secret)

        [dev]
        aws_access_key_id=AKIDDEV
        aws_secret_access_key=\(secret)
        aws_session_token = \(token)
        """
    static let configFile = """
        [default]
        region = eu-west-2
        [profile dev]
        region = us-west-2
        s3 =
          max_concurrent_requests = 4
        [profile config-only]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = \(secret)
        [profile sso]
        sso_session = corp
        sso_account_id = 123456789012
        """

    @Test func environmentAsLambdaSetsIt() throws {
        let environment = EnvironmentVariables(["AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": Self.secret,
            "AWS_SESSION_TOKEN": Self.token])
        let credentials = try EnvironmentCredentialProvider(environment: environment).credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "ASIAENV", secretAccessKey: Self.secret, sessionToken: Self.token))
    }

    @Test func halfAKeyPairIsAClearError() {
        #expect(throws: CredentialError("""
            AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither to use ~/.aws/credentials
            """)) {
            try EnvironmentCredentialProvider(environment: EnvironmentVariables(["AWS_ACCESS_KEY_ID": "AKID"])).credentials()
        }
        #expect(throws: CredentialError.self) {
            try EnvironmentCredentialProvider(environment: EnvironmentVariables(["AWS_SECRET_ACCESS_KEY": Self.secret])).credentials()
        }
    }

    @Test func sharedFilesWithProfiles() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let byDefault = try SharedFileCredentialProvider(environment: EnvironmentVariables(["HOME": home.path])).credentials()
        #expect(byDefault?.accessKeyID == "AKIDDEFAULT")
        #expect(byDefault?.sessionToken == nil)
        let dev = try SharedFileCredentialProvider(environment: EnvironmentVariables(["HOME": home.path, "AWS_PROFILE": "dev"])).credentials()
        #expect(dev == AWSCredentials(accessKeyID: "AKIDDEV", secretAccessKey: Self.secret, sessionToken: Self.token))
        let configOnly = try SharedFileCredentialProvider(environment: EnvironmentVariables(["HOME": home.path,
            "AWS_PROFILE": "config-only"])).credentials()
        #expect(configOnly?.accessKeyID == "AKIDCONFIG")
    }

    @Test func filesCanBeMoved() throws {
        let home = try Home(credentials: Self.credentialsFile, config: nil)
        let environment = EnvironmentVariables(["HOME": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": home.path + "/.aws/credentials",
            "AWS_PROFILE": "dev"])
        #expect(try SharedFileCredentialProvider(environment: environment).credentials()?.accessKeyID == "AKIDDEV")
    }

    @Test func missingOrUnusableProfilesSayWhy() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        #expect {
            try SharedFileCredentialProvider(environment: EnvironmentVariables(["HOME": home.path, "AWS_PROFILE": "prod"])).credentials()
        } throws: { ($0 as? CredentialError)?.message.contains("AWS profile 'prod' (from AWS_PROFILE) is in neither") == true }
        #expect {
            try SharedFileCredentialProvider(environment: EnvironmentVariables(["HOME": home.path, "AWS_PROFILE": "sso"])).credentials()
        } throws: { ($0 as? CredentialError)?.message.contains("sso_session") == true }
        // No files and no explicit profile: not an error, just nothing here.
        #expect(try SharedFileCredentialProvider(environment: EnvironmentVariables(["HOME": "/nonexistent"])).credentials() == nil)
    }

    @Test func theEnvironmentComesFirstAndNothingFoundIsExplained() throws {
        let home = try Home(credentials: Self.credentialsFile, config: nil)
        let chain = DefaultCredentialProvider(environment: EnvironmentVariables([
            "HOME": home.path, "AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": Self.secret,
        ]))
        #expect(try chain.require().accessKeyID == "ASIAENV")
        #expect(try DefaultCredentialProvider(environment: EnvironmentVariables(["HOME": home.path])).require().accessKeyID == "AKIDDEFAULT")
        #expect {
            try DefaultCredentialProvider(environment: EnvironmentVariables(["HOME": "/nonexistent"])).require()
        } throws: { ($0 as? CredentialError)?.message.hasPrefix("No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY") == true }
    }

    @Test func secretsAreNeverPrinted() {
        let credentials = AWSCredentials(accessKeyID: "ASIAENV", secretAccessKey: Self.secret, sessionToken: Self.token)
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            String(describing: credentials), String(reflecting: credentials), "\(credentials)", dumped,
            String(describing: Mirror(reflecting: credentials).children.map { "\($0.label ?? ""): \($0.value)" }),
            String(describing: [credentials]), String(describing: Optional(credentials)),
        ]
        for text in renderings {
            #expect(!text.contains(Self.secret), "\(text)")
            #expect(!text.contains(Self.token), "\(text)")
            #expect(!text.contains("wJalr"))
        }
        #expect(renderings[0].contains("ASIAENV"))
    }
}
