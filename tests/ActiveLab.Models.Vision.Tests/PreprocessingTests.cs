using ActiveLab.Data;

namespace ActiveLab.Models.Vision.Tests;

public class PreprocessingTests
{
    [Fact]
    public void A_constant_image_stays_constant_per_channel()
    {
        var planes = new byte[CifarImages.ImageBytes];
        planes.AsSpan(0, 1024).Fill(10);
        planes.AsSpan(1024, 1024).Fill(200);
        planes.AsSpan(2048, 1024).Fill(255);
        var output = new float[ImagePreprocessing.InputFloats];
        ImagePreprocessing.Upsample(planes, output);
        int plane = 224 * 224;
        Assert.All(output.AsSpan(0, plane).ToArray(), v => Assert.Equal(10f, v));
        Assert.All(output.AsSpan(plane, plane).ToArray(), v => Assert.Equal(200f, v));
        Assert.All(output.AsSpan(2 * plane, plane).ToArray(), v => Assert.Equal(255f, v));
    }

    [Fact]
    public void Bilinear_taps_use_half_pixel_centres_and_clamp_at_the_border()
    {
        var taps = ImagePreprocessing.BuildTaps(32, 224);   // scale 1/7
        Assert.Equal((0, 1, 0f), taps[0]);                   // (0.5/7 − 0.5) < 0 → clamped to pixel 0
        Assert.Equal((0, 1, 0f), taps[3]);                   // 3.5/7 − 0.5 = 0 exactly
        var (low, high, weight) = taps[4];                   // 4.5/7 − 0.5 = 1/7
        Assert.Equal((0, 1), (low, high));
        Assert.Equal(1f / 7, weight, 6);
        Assert.Equal(31, taps[223].Low);                     // 223.5/7 − 0.5 = 31.43 → clamped to 31
        Assert.Equal(31, taps[223].High);
    }

    [Fact]
    public void A_horizontal_ramp_is_interpolated_linearly()
    {
        var planes = new byte[CifarImages.ImageBytes];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++) planes[c * 1024 + y * 32 + x] = (byte)(8 * x);
        var output = new float[ImagePreprocessing.InputFloats];
        ImagePreprocessing.Upsample(planes, output);
        // Output column o samples source x = (o + 0.5)/7 − 0.5, so the value is 8·x inside the image.
        for (int o = 4; o < 220; o++)
            Assert.Equal(8 * ((o + 0.5) / 7 - 0.5), output[100 * 224 + o], 3);
    }
}
