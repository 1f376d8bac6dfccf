using System.Globalization;

namespace ByokAgent.Files;

/// <summary>Sizes the way people (and models) read them: <c>512 B</c>, <c>1.5 KB</c>, <c>10 MB</c>.</summary>
public static class FileSizeText
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>The size in the largest unit that keeps it at or above 1 (binary multiples, one decimal).</summary>
    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }
}
