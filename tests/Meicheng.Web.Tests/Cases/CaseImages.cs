using SkiaSharp;

namespace Meicheng.Web.Tests.Cases;

/// <summary>Real images, made with SkiaSharp (the app's own drawing library), for uploads.</summary>
public static class CaseImages
{
    // noise: random pixels, so the file stays large after compression.
    public static byte[] Make(SKEncodedImageFormat format, int width = 64, int height = 40, bool noise = false)
    {
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(7);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x0B, 0x6E, 0x4F));
            using var paint = new SKPaint { Color = new SKColor(0xE7, 0xF1, 0xFF) };
            canvas.DrawRect(0, height / 2f, width, height / 2f, paint);
        }
        if (noise)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                    bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Png => Make(SKEncodedImageFormat.Png);
}
