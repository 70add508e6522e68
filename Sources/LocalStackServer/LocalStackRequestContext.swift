import AWSCore
import HTTPTypes
import Hummingbird
import LocalStack
import NIOCore

/// The request context of the local stack's server: Hummingbird's core storage plus the
/// connection, which an injected "connection reset" closes.
package struct LocalStackRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    let channel: any Channel

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// S3 objects up to 64 MiB: CSV files of any realistic size.
    package var maxUploadSize: Int { 64 << 20 }
}
