using System.Net;
using ByokAgent.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>
/// A loopback proxy in front of <see cref="FakeProvider"/> that holds chosen provider calls until the test releases
/// them: the signal that puts a kill or a stop deterministically in the middle of a turn (no sleeps, no latencies).
/// </summary>
/// <remarks>
/// A call is held when the last user message of the request carries <see cref="HoldMarker"/> (the turn's first
/// provider call), or <see cref="HoldAfterToolMarker"/> and the request ends with a tool result (the call after a tool
/// ran). Everything else passes straight through, streamed as it comes. A held call whose caller dies (SIGKILL) ends
/// with the connection.
/// </remarks>
internal sealed class ProviderGate : IAsyncDisposable
{
    public const string HoldMarker = "[hold]";
    public const string HoldAfterToolMarker = "[hold-after-tool]";

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _fakeRoot;
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    private ProviderGate(WebApplication app, Uri fakeRoot)
    {
        _app = app;
        _fakeRoot = fakeRoot;
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The OpenAI base address to store as the project's <c>api_host</c>.</summary>
    public Uri OpenAIBaseUri { get; private set; } = null!;

    public static async Task<ProviderGate> StartAsync(FakeProvider fake)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var gate = new ProviderGate(app, fake.BaseUri);
        app.Run(gate.ForwardAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        gate.OpenAIBaseUri = new Uri($"http://127.0.0.1:{address.Port}/v1/");
        return gate;
    }

    /// <summary>Completes once <paramref name="count"/> calls are being held (since the last <see cref="Reset"/>).</summary>
    public Task WaitForHeldAsync(int count)
    {
        lock (_lock)
        {
            if (_held >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>Lets every held call (and every later one) through to the provider.</summary>
    public void ReleaseAll()
    {
        lock (_lock)
        {
            _release.TrySetResult();
        }
    }

    /// <summary>Starts holding again, with the count back at zero (a new kill cycle).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _held = 0;
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseAll();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (ShouldHold(body))
        {
            Task release;
            lock (_lock)
            {
                release = _release.Task;
                _held++;
                foreach (var waiter in _waiters.Where(w => w.Count <= _held).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }

            await release.WaitAsync(context.RequestAborted);
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_fakeRoot, context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString))
        {
            Content = new ByteArrayContent(body),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
            else if (name is not ("Host" or "Connection" or "Transfer-Encoding"))
            {
                request.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Connection"))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            // Flushed chunk by chunk, so a streamed reply keeps streaming through the gate.
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, read), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static bool ShouldHold(byte[] body)
    {
        var (lastRole, lastUser) = Conversation.Tail(body);
        return lastUser is not null
            && ((lastRole == "user" && lastUser.Contains(HoldMarker, StringComparison.Ordinal))
                || (lastRole == "tool" && lastUser.Contains(HoldAfterToolMarker, StringComparison.Ordinal)));
    }
}
