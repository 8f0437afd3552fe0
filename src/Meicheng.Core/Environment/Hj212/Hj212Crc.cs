namespace Meicheng.Core.Environment.Hj212;

/// <summary>
/// The CRC of HJ 212-2017 (s6.4 and its appendix): a 16-bit register starting at 0xFFFF; for each byte of the data
/// segment the register's high byte is XORed with the byte and moved to the low byte, then shifted right eight times,
/// XORing 0xA001 after each shift that drops a 1. Sent as four hexadecimal digits.
/// </summary>
/// <remarks>
/// The register after XORing in a byte is at most 0xFF, so the eight shifts are a function of one byte: they are looked up
/// in a 256-entry table built from the rule above (a tenth of the receiver's CPU went to the bitwise loop).
/// </remarks>
public static class Hj212Crc
{
    private static readonly ushort[] Shifted = Build();

    private static ushort[] Build()
    {
        var table = new ushort[256];
        for (var x = 0; x < 256; x++)
        {
            var crc = x;
            for (var i = 0; i < 8; i++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
            table[x] = (ushort)crc;
        }
        return table;
    }

    /// <summary>The CRC of a data segment (the bytes between the length and the CRC field).</summary>
    public static ushort Compute(ReadOnlySpan<byte> segment)
    {
        var table = Shifted;
        var crc = 0xFFFF;
        foreach (var b in segment)
            crc = table[(crc >> 8) ^ b];
        return (ushort)crc;
    }

    /// <summary>The CRC as the packet carries it: four upper-case hexadecimal digits.</summary>
    public static string Format(ushort crc) => crc.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a four-digit CRC field (either case); false when it is not four hexadecimal digits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> field, out ushort crc)
    {
        crc = 0;
        if (field.Length != 4)
            return false;
        var value = 0;
        foreach (var b in field)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
                return false;
            value = (value << 4) | digit;
        }
        crc = (ushort)value;
        return true;
    }
}
