namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>The HJ 212-2017 receiver's settings (section <c>Hj212</c>).</summary>
public sealed class Hj212Options
{
    /// <summary>TCP port to listen on; 0 (the default) keeps the receiver off.</summary>
    public int Port { get; set; }

    /// <summary>Address to listen on (default all interfaces).</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>A station with no hourly packet for this many hours is stale and raises an alert.</summary>
    public int StaleAfterHours { get; set; } = 3;

    /// <summary>The alerts are recomputed at most this often, sooner only after a stored batch (seconds; 0: on every read).</summary>
    public int AlertCacheSeconds { get; set; } = 30;

    /// <summary>New alerts are sent to their stations' owners this often while the receiver is on (minutes; 0: never).</summary>
    public int AlertCheckMinutes { get; set; } = 5;

    /// <summary>PBKDF2 iterations of a newly registered station's password (tests lower it; a stored hash keeps its own).</summary>
    public int PasswordIterations { get; set; } = Hj212Passwords.DefaultIterations;

    /// <summary>Most packets written in one transaction.</summary>
    public int BatchSize { get; set; } = 4000;

    /// <summary>Rejected packets after which a connection is closed (a device that only sends garbage).</summary>
    public int MaxRejectionsPerConnection { get; set; } = 100;

    /// <summary>A connection idle this long is closed (devices reconnect).</summary>
    public int IdleTimeoutSeconds { get; set; } = 600;
}
