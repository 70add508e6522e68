import AWSCore
import HTTPTypes
import Hummingbird
import LocalStack
import NIOCore

struct ConnectionResetByFault: Error {}
