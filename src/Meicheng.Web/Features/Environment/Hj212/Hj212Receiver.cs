using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Meicheng.Core.Environment.Hj212;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Environment.Hj212;

/// <summary>
/// The HJ 212-2017 receiver: listens on <see cref="Hj212Options.Port"/> (0: off) and, per connection, frames the byte stream
/// (System.IO.Pipelines over the socket), checks each packet's CRC, parses it, authenticates its MN and PW against the
/// station registry, queues its values for the batched store and, once they are committed, sends the data answer (9014)
/// when the packet's Flag asks for one. Every rejection is counted by reason (<see cref="Hj212Metrics"/>, /health) and
/// logged at debug level.
/// </summary>
/// <remarks>
/// Connection policy: a packet with a bad length, CRC, terminator or field is dropped and the connection kept (the standard
/// has the device re-send a packet that gets no answer); an unknown MN or a wrong password closes the connection (the device
/// is not one of ours); so do <see cref="Hj212Options.MaxRejectionsPerConnection"/> rejections, and an idle connection.
/// </remarks>
internal sealed class Hj212Receiver(IOptions<Hj212Options> options, Hj212Store store, Hj212Registry registry, Hj212Metrics metrics, TimeProvider clock,
    ILogger<Hj212Receiver> log) : BackgroundService
{
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The port actually bound (a negative configured port binds an ephemeral one, for tests).</summary>
    public Task<int> Port => _port.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Port == 0)
        {
            _port.TrySetResult(0);
            return;
        }
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse(o.Address), Math.Max(0, o.Port)));
        listener.Listen(1024);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _port.TrySetResult(port);
        log.LogInformation("HJ 212 receiver listening on {Address}:{Port}", o.Address, port);
        var storing = store.RunAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(stoppingToken);
                socket.NoDelay = true;
                _ = Task.Run(() => ServeAsync(socket, stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await storing;
    }

    private async Task ServeAsync(Socket socket, CancellationToken stoppingToken)
    {
        metrics.Opened();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var ct = idle.Token;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024));
        var writer = PipeWriter.Create(stream);
        var rejections = 0;
        var pending = new List<(Task Stored, Hj212Packet Packet)>();
        try
        {
            while (true)
            {
                idle.CancelAfter(TimeSpan.FromSeconds(options.Value.IdleTimeoutSeconds));
                var result = await reader.ReadAsync(ct);
                var receivedAt = Stopwatch.GetTimestamp();
                var buffer = result.Buffer;
                var close = false;
                while (!close && Hj212Framer.TryRead(ref buffer, out var framed))
                {
                    if (!framed.IsPacket)
                    {
                        Reject(framed.Rejection, null);
                        close = ++rejections >= options.Value.MaxRejectionsPerConnection;
                        continue;
                    }
                    var (accepted, why) = await AcceptAsync(framed.Segment!, ct);
                    if (accepted is not null)
                    {
                        pending.Add((store.StoreAsync(accepted, ct), accepted.Packet));
                        continue;
                    }
                    Reject(why!.Value, framed.Segment);
                    close = why is Hj212Rejection.UnknownMn or Hj212Rejection.WrongPassword || ++rejections >= options.Value.MaxRejectionsPerConnection;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                // The answers go out once the packets of this read are committed, in the order the packets came.
                foreach (var (stored, packet) in pending)
                {
                    await stored;
                    metrics.Accept();
                    if (!packet.AnswerRequested)
                        continue;
                    writer.Write(Hj212Writer.Packet(Hj212Writer.DataAnswer(packet)));
                    metrics.Answer();
                }
                if (pending.Count > 0)
                {
                    await writer.FlushAsync(ct);
                    metrics.Served(Stopwatch.GetElapsedTime(receivedAt), pending.Count);
                }
                pending.Clear();
                if (close)
                    break;
                if (result.IsCompleted)
                {
                    if (buffer.Length > 0)
                        Reject(Hj212Rejection.Truncated, null);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            log.LogDebug(e, "HJ 212 connection ended");
        }
        finally
        {
            metrics.Closed();
            await reader.CompleteAsync();
            await writer.CompleteAsync();
        }
    }

    private async ValueTask<(Hj212Accepted? Accepted, Hj212Rejection? Why)> AcceptAsync(string segment, CancellationToken ct)
    {
        if (!Hj212Parser.TryParse(segment, out var packet, out var error))
        {
            log.LogDebug("HJ 212 packet malformed at {Field}: {Reason}", error!.Field, error.Reason);
            return (null, Hj212Rejection.Malformed);
        }
        if (!Hj212Command.Data.Contains(packet!.Cn))
            return (null, Hj212Rejection.Unsupported);
        var (station, why) = await registry.AuthenticateAsync(packet.Mn, packet.Pw, ct);
        if (station is null)
            return (null, why);
        return (new Hj212Accepted(station, packet, clock.GetUtcNow()), null);
    }

    private void Reject(Hj212Rejection why, string? segment)
    {
        metrics.Reject(why);
        log.LogDebug("HJ 212 rejected: {Reason} {Segment}", why, segment);
    }
}
