using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;

namespace ByokAgent.Bedrock.Tests.TestSupport;

/// <summary>A FakeProvider plus an HttpClient that records raw request URIs, and clients pointed at both.</summary>
internal sealed class BedrockTestHost : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string Model = "us.amazon.nova-micro-v1:0";
    public const string ApiKey = "ABSKQmVkcm9ja0FQSUtleS10ZXN0LWtleS0xMjM0NTY3ODkw";

    private BedrockTestHost(FakeProvider fake, RequestCapture capture)
    {
        Fake = fake;
        Capture = capture;
        Http = new HttpClient(capture) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public FakeProvider Fake { get; }

    public RequestCapture Capture { get; }

    public HttpClient Http { get; }

    public static BedrockAwsCredentials Credentials(FakeAwsCredentials credentials) =>
        new(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);

    public static async Task<BedrockTestHost> StartAsync(CancellationToken cancellationToken) =>
        new(await FakeProvider.StartAsync(cancellationToken), new RequestCapture());

    /// <summary>Options signing with the fake's default credentials, no retries, and a timeout that fails fast.</summary>
    public BedrockChatClientOptions Options(string model = Model) => new()
    {
        Region = Region,
        ModelId = model,
        Endpoint = Fake.BaseUri,
        Credentials = Credentials(FakeAwsCredentials.Default),
        HttpClient = Http,
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(10),
    };

    public BedrockChatClient Client(string model = Model) => new(Options(model));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Fake.DisposeAsync();
    }
}
