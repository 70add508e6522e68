// The transport is an implementation of Base's HTTPTransport: its users see those types.
@_exported import Base
