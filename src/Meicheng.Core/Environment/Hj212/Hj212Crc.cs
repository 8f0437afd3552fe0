namespace Meicheng.Core.Environment.Hj212;

/// <summary>
/// The CRC of HJ 212-2017 (s6.4 and its appendix): a 16-bit register starting at 0xFFFF; for each byte of the data
/// segment the register's high byte is XORed with the byte and moved to the low byte, then shifted right eight times,
/// XORing 0xA001 after each shift that drops a 1. Sent as four hexadecimal digits.
/// </summary>
public static class Hj212Crc
{
    /// <summary>The CRC of a data segment (the bytes between the length and the CRC field).</summary>
    public static ushort Compute(ReadOnlySpan<byte> segment)
    {
        var crc = 0xFFFF;
        foreach (var b in segment)
        {
            crc = (crc >> 8) ^ b;
            for (var i = 0; i < 8; i++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
        }
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
