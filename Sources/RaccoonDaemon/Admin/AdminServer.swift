internal import PosixBasement
public import RaccoonCore
internal import Dispatch
internal import Glibc

/// The admin socket (racoon's `adminsock`): a Unix stream socket, by default mode 0600 and owned by root, in a
/// 0700 directory. `listen { adminsock "path" "owner" "group" mode; }` changes the path, owner, group and mode.
///
/// Each connection sends one request line and gets one response line, then the daemon closes it. Requests are
/// read without blocking on the event loop; a connection that sends more than `AdminRequest.maximumLength` bytes
/// without a newline, or garbage, gets an error reply and the daemon carries on. Confined to the loop.
public final class AdminServer {
    /// racoon's Debian path, renamed.
    public static let defaultPath = AdminSocketPath.defaultPath
    /// At most this many connections are served at once; more are closed at once.
    static let maximumConnections = 16

    /// The socket path.
    public let path: String
    private let loop: EventLoop
    private let fd: Int32
    private var acceptSource: (any DispatchSourceRead)?
    private var connections: [Int32: Connection] = [:]
    /// Whether accept failed the last time (its line is logged once per run of failures).
    private var acceptFailing = false
    private let handler: (AdminRequest) -> AdminResponse
    /// Where failures of the socket itself go (a reply not delivered, accept failing); the daemon logs them.
    public var failureLog: (String) -> Void = { _ in }

    private final class Connection {
        let fd: Int32
        var buffer: [UInt8] = []
        var source: (any DispatchSourceRead)?
        init(fd: Int32) { self.fd = fd }
    }

    /// Creates the socket at `path` (replacing a stale socket file; its directory is created with mode 0700)
    /// and starts accepting on `loop`. `handler` runs on the loop for every request.
    public convenience init(
        path: String, loop: EventLoop, handler: @escaping (AdminRequest) -> AdminResponse
    ) throws(SystemCallError) {
        try self.init(settings: AdminSocketSettings(path: path), loop: loop, handler: handler)
    }

    /// Creates the socket `settings` describe and starts accepting on `loop`. A stale socket file is replaced.
    /// A missing directory is created for the socket's owner and group: mode 0700, plus search access for the
    /// group or others when the socket's mode grants them access (so `"root" "operator" 0660` works in a fresh
    /// `/run/raccoon`); an existing directory is left as it is. `handler` runs on the loop for every request.
    public init(
        settings: AdminSocketSettings, loop: EventLoop, handler: @escaping (AdminRequest) -> AdminResponse
    ) throws(SystemCallError) {
        let path = settings.path
        self.path = path
        self.loop = loop
        self.handler = handler
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let directory = String(path[..<slash])
            if try Posix.makeDirectory(directory, mode: 0o700) {
                var directoryMode: UInt32 = 0o700
                if settings.mode & 0o070 != 0 { directoryMode |= 0o050 }
                if settings.mode & 0o007 != 0 { directoryMode |= 0o005 }
                try Self.setOwnership(directory, settings)
                try Posix.changeMode(directory, directoryMode)
            }
        }
        // A socket file left by a crash would make bind fail; only a socket is ever removed.
        try Posix.removeSocketFile(path)
        let fd = try Posix.openUnixStreamSocket()
        do {
            try Posix.setNonBlocking(fd)
            try Posix.bind(fd, unixPath: path)
            try Self.setOwnership(path, settings)
            try Posix.changeMode(path, settings.mode)
            try Posix.listen(fd, backlog: 8)
        } catch {
            Posix.close(fd)
            throw error
        }
        self.fd = fd
        let server = LoopBound(self, loop: loop)
        acceptSource = loop.makeReadSource(fileDescriptor: fd) { @Sendable in server.value.acceptAll() }
    }

    /// Gives `path` the configured owner and group, if any (racoon's `chown(adminsock_owner, adminsock_group)`).
    private static func setOwnership(_ path: String, _ settings: AdminSocketSettings) throws(SystemCallError) {
        guard settings.owner != nil || settings.group != nil else { return }
        try Posix.changeOwner(path, owner: settings.owner, group: settings.group)
    }

    /// Stops accepting, closes every connection and removes the socket file.
    public func close() {
        loop.preconditionInLoop()
        guard let source = acceptSource else { return }
        acceptSource = nil
        source.cancel()
        for connection in connections.values { drop(connection) }
        Posix.close(fd)
        do {
            try Posix.removeSocketFile(path)
        } catch {
            logFailure("cannot remove the admin socket: \(error)")
        }
    }

    private func acceptAll() {
        while true {
            let client: Int32
            do {
                guard let accepted = try Posix.accept(fd) else { return }
                client = accepted
                acceptFailing = false
            } catch {
                // EMFILE and the like: the pending connection stays queued until a descriptor is free, and the
                // readable socket wakes the loop again; one line per run of failures, not one per wakeup.
                if !acceptFailing { logFailure("admin socket: \(error)") }
                acceptFailing = true
                return
            }
            guard connections.count < Self.maximumConnections else {
                Posix.close(client)
                continue
            }
            let connection = Connection(fd: client)
            connections[client] = connection
            let server = LoopBound(self, loop: loop)
            connection.source = loop.makeReadSource(fileDescriptor: client) { @Sendable in
                server.value.read(client)
            }
        }
    }

    private func read(_ client: Int32) {
        guard let connection = connections[client] else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count: Int
            do {
                guard let read = try Posix.read(client, into: &chunk) else { return }
                count = read
            } catch {
                drop(connection)
                return
            }
            if count == 0 {
                // EOF without a newline: answer what was sent, if anything.
                if connection.buffer.isEmpty { drop(connection) } else { respond(connection, to: connection.buffer) }
                return
            }
            connection.buffer += chunk[0..<count]
            if let newline = connection.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                respond(connection, to: Array(connection.buffer[..<newline]))
                return
            }
            if connection.buffer.count > AdminRequest.maximumLength {
                reply(connection, .failure(.badRequest("request longer than \(AdminRequest.maximumLength) bytes")))
                return
            }
        }
    }

    private func respond(_ connection: Connection, to line: [UInt8]) {
        let response: AdminResponse
        do {
            response = handler(try AdminRequest.decode(line))
        } catch {
            response = .failure(error)
        }
        reply(connection, response)
    }

    private func reply(_ connection: Connection, _ response: AdminResponse) {
        let bytes = response.encodedLine()
        // The reply is written with a bounded blocking send: a client that stops reading cannot stall the loop
        // for more than a second.
        do {
            try Posix.setBlocking(connection.fd)
            try Posix.setTimeouts(connection.fd, receiveSeconds: nil, sendSeconds: 1)
            try Posix.sendAll(connection.fd, bytes)
        } catch {
            // The client went away or stopped reading; the reply is lost, the daemon carries on.
            logFailure("admin socket: the reply was not delivered: \(error)")
        }
        drop(connection)
    }

    private func logFailure(_ text: String) { failureLog(text) }

    private func drop(_ connection: Connection) {
        connection.source?.cancel()
        connection.source = nil
        connections[connection.fd] = nil
        Posix.close(connection.fd)
    }
}
