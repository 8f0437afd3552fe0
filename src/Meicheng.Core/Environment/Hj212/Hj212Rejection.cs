namespace Meicheng.Core.Environment.Hj212;

/// <summary>Why bytes or a packet were not accepted. Every rejection is counted by kind; nothing of it is stored.</summary>
public enum Hj212Rejection
{
    /// <summary>Bytes before a packet header (<c>##</c>): skipped.</summary>
    Garbage,
    /// <summary>The length field is not four decimal digits or exceeds the 1024-byte data segment maximum.</summary>
    BadLength,
    /// <summary>The CRC field is not four hexadecimal digits or does not match the data segment.</summary>
    BadCrc,
    /// <summary>The packet does not end with CR LF where its length says it should.</summary>
    BadTerminator,
    /// <summary>The connection closed in the middle of a packet.</summary>
    Truncated,
    /// <summary>A field of the data segment is missing or not as the standard writes it.</summary>
    Malformed,
    /// <summary>No station in the registry has the packet's MN.</summary>
    UnknownMn,
    /// <summary>The packet's PW is not the station's password.</summary>
    WrongPassword,
    /// <summary>A well-formed packet whose command (CN) the receiver does not store.</summary>
    Unsupported,
}
