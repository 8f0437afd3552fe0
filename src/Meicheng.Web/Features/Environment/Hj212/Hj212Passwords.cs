using System.Security.Cryptography;
using System.Text;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>
/// A station's HJ 212 password, stored as PBKDF2-SHA256 with a random salt: <c>pbkdf2-sha256$iterations$salt$hash</c>.
/// Verifying is deliberately slow; the registry remembers a verified password in memory, so a device pays it once.
/// </summary>
public static class Hj212Passwords
{
    /// <summary>The work factor of a new hash (a stored hash carries its own, so changing this never locks a device out).</summary>
    public const int DefaultIterations = 100_000;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var iterations))
            return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
