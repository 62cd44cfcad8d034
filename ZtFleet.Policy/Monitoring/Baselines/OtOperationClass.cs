namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>What an OT operation does to a controller, as the baseline detectors weigh it.</summary>
public enum OtOperationClass
{
    Unspecified = 0,

    /// <summary>Reads process values (Modbus FC 1–4, S7 read, OPC UA read/browse/subscribe).</summary>
    Read = 1,

    /// <summary>Asks the device what it is (Modbus FC 17 report server id, FC 43 read device identification).</summary>
    Identify = 2,

    /// <summary>Changes values or sends commands (Modbus writes and other codes, S7 write, OPC UA write/call).</summary>
    Write = 3,

    /// <summary>Downloads or changes the program: Modbus FC 90 (Schneider UMAS), 125 and 126 (Modicon programming), S7 download, EtherNet/IP program-download.</summary>
    Program = 4,

    /// <summary>Reads the program out of the controller: S7 upload.</summary>
    Upload = 5,

    /// <summary>Changes the controller's operating mode: S7 stop and start.</summary>
    Mode = 6,
}
