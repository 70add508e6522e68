import JSONLog
import Synchronization

/// What a Connect call is made for, so that retry logs (written by the AWS client's callback,
/// far from the row) name the row and carry the invocation's request id.
package enum RowContext {
    @TaskLocal package static var line: Int?
    @TaskLocal package static var logger: JSONLogger?
}
