namespace ByokAgent.Plugins.Browser.Tests.TestSupport;

/// <summary>The Chromium the tests launch: <c>BYOK_TEST_CHROMIUM</c> (set by scripts/setup/chromium.sh), else Debian's.</summary>
internal static class Chromium
{
    public static string ExecutablePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("BYOK_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"The browser tests need Chromium, and {path} does not exist. Run scripts/setup/chromium.sh (it installs Debian's chromium package and sets BYOK_TEST_CHROMIUM), or point BYOK_TEST_CHROMIUM at a Chromium executable.");
        }
    }
}
