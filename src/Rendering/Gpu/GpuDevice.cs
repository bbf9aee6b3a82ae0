using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ArrHost.Rendering.Vulkan;
using Silk.NET.Vulkan;
using Bool32 = Silk.NET.Core.Bool32;

namespace ArrHost.Rendering.Gpu;

/// <summary>
/// One Vulkan instance + logical device + graphics queue, and the factory for every GPU resource.
/// Raw handles stay inside the Gpu layer. Not thread-safe: resource creation and submission happen
/// on the renderer's device thread (or before it starts).
/// </summary>
/// <remarks>
/// Each device has its own Silk.NET <see cref="Vk"/>: its current instance and device pick the
/// function table, so device-level commands come from vkGetDeviceProcAddr (no loader trampoline),
/// and two devices never share a table.
/// </remarks>
internal sealed unsafe class GpuDevice : IDisposable
{
    private readonly DebugUtilsMessengerEXT _messenger;
    private readonly delegate* unmanaged<Instance, DebugUtilsMessengerEXT, AllocationCallbacks*, void> _destroyMessenger;
    private readonly GCHandle _self;
    private readonly ConcurrentQueue<string> _validationMessages = new();
    private readonly Action<string>? _onValidation;
    private readonly PhysicalDeviceMemoryProperties _memory;
    private long _allocatedBytes;
    private bool _disposed;

    /// <summary>The Silk.NET API object of this device (its function tables).</summary>
    internal Vk Api { get; }
    internal Instance Instance { get; }
    internal PhysicalDevice PhysicalDevice { get; }
    internal Device Device { get; }
    internal Queue Queue { get; }
    internal uint QueueFamily { get; }
    internal PhysicalDeviceLimits Limits { get; }

    public DeviceInfo Info { get; }
    public IReadOnlyList<DeviceInfo> AllDevices { get; }
    public bool ValidationEnabled { get; }
    internal bool UploadThroughStaging { get; }

    /// <summary>Validation-layer messages (warnings and errors) since the device was created.</summary>
    public IReadOnlyCollection<string> ValidationMessages => _validationMessages;

    /// <summary>Returns and forgets the validation messages collected so far.</summary>
    public IReadOnlyList<string> DrainValidationMessages()
    {
        var list = new List<string>();
        while (_validationMessages.TryDequeue(out var m)) list.Add(m);
        return list;
    }

    /// <summary>Bytes of device memory currently allocated by this device's resources.</summary>
    public long MemoryInUse => Interlocked.Read(ref _allocatedBytes);

    public GpuDevice(GpuDeviceOptions? options = null)
    {
        options ??= new GpuDeviceOptions();
        _onValidation = options.ValidationMessage;
        UploadThroughStaging = options.UploadThroughStaging;
        Api = OpenApi();
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        var vk = Api;
        try
        {
            var layers = new List<string>();
            var extensions = new List<string>();
            if (options.EnableValidation)
            {
                if (!HasLayer("VK_LAYER_KHRONOS_validation"))
                    throw new InvalidOperationException("Validation requested but VK_LAYER_KHRONOS_validation is not installed (apt-get install vulkan-validationlayers).");
                layers.Add("VK_LAYER_KHRONOS_validation");
                extensions.Add("VK_EXT_debug_utils");
                ValidationEnabled = true;
            }

            using var strings = new NativeStrings();
            var appName = strings.Get("arr-renderhost");
            var app = new ApplicationInfo
            {
                SType = StructureType.ApplicationInfo,
                PApplicationName = appName,
                ApplicationVersion = 1,
                PEngineName = appName,
                EngineVersion = 1,
                ApiVersion = VkVersion.Api13,
            };
            var layerPtrs = stackalloc byte*[Math.Max(layers.Count, 1)];
            for (var i = 0; i < layers.Count; i++) layerPtrs[i] = strings.Get(layers[i]);
            var extPtrs = stackalloc byte*[Math.Max(extensions.Count, 1)];
            for (var i = 0; i < extensions.Count; i++) extPtrs[i] = strings.Get(extensions[i]);
            var messengerInfo = MessengerCreateInfo();
            var instanceInfo = new InstanceCreateInfo
            {
                SType = StructureType.InstanceCreateInfo,
                PApplicationInfo = &app,
                EnabledLayerCount = (uint)layers.Count,
                PpEnabledLayerNames = layerPtrs,
                EnabledExtensionCount = (uint)extensions.Count,
                PpEnabledExtensionNames = extPtrs,
                PNext = options.EnableValidation ? &messengerInfo : null,
            };
            Instance instance;
            vk.CreateInstance(&instanceInfo, null, &instance).Check("vkCreateInstance");
            Instance = instance;
            vk.CurrentInstance = instance;

            if (options.EnableValidation)
            {
                // VK_EXT_debug_utils through vkGetInstanceProcAddr (Silk.NET.Vulkan.Extensions.EXT is not used).
                var create = (delegate* unmanaged<Instance, DebugUtilsMessengerCreateInfoEXT*, AllocationCallbacks*, DebugUtilsMessengerEXT*, Result>)
                    InstanceProc("vkCreateDebugUtilsMessengerEXT");
                _destroyMessenger = (delegate* unmanaged<Instance, DebugUtilsMessengerEXT, AllocationCallbacks*, void>)
                    InstanceProc("vkDestroyDebugUtilsMessengerEXT");
                DebugUtilsMessengerEXT messenger;
                create(instance, &messengerInfo, null, &messenger).Check("vkCreateDebugUtilsMessengerEXT");
                _messenger = messenger;
            }

            var (physicals, infos) = EnumerateDevices();
            AllDevices = infos;
            var selector = options.Device ?? Environment.GetEnvironmentVariable(GpuDeviceOptions.DeviceEnvironmentVariable);
            var chosen = DeviceSelection.Select(infos, selector);
            PhysicalDevice = physicals[chosen];
            Info = infos[chosen];

            PhysicalDeviceProperties props;
            vk.GetPhysicalDeviceProperties(PhysicalDevice, &props);
            Limits = props.Limits;
            PhysicalDeviceMemoryProperties mem;
            vk.GetPhysicalDeviceMemoryProperties(PhysicalDevice, &mem);
            _memory = mem;

            QueueFamily = FindGraphicsQueue();
            var priority = 1f;
            var queueInfo = new DeviceQueueCreateInfo
            {
                SType = StructureType.DeviceQueueCreateInfo,
                QueueFamilyIndex = QueueFamily,
                QueueCount = 1,
                PQueuePriorities = &priority,
            };
            var deviceInfo = new DeviceCreateInfo { SType = StructureType.DeviceCreateInfo, QueueCreateInfoCount = 1, PQueueCreateInfos = &queueInfo };
            Device device;
            vk.CreateDevice(PhysicalDevice, &deviceInfo, null, &device).Check("vkCreateDevice");
            Device = device;
            vk.CurrentDevice = device;
            Queue queue;
            vk.GetDeviceQueue(device, QueueFamily, 0, &queue);
            Queue = queue;
            options.Log?.Invoke("Vulkan device: " + Info);
        }
        catch
        {
            DestroyInstance();
            _self.Free();
            vk.Dispose();
            throw;
        }
    }

    private static Vk OpenApi()
    {
        try
        {
            return Vk.GetApi();
        }
        catch (Exception e) when (e is DllNotFoundException or FileNotFoundException or PlatformNotSupportedException)
        {
            throw new DllNotFoundException("The Vulkan loader (libvulkan.so.1) was not found; install libvulkan1 and a driver (e.g. mesa-vulkan-drivers).", e);
        }
    }

    private nint InstanceProc(string name)
    {
        nint fn = Api.GetInstanceProcAddr(Instance, name);
        if (fn == 0) throw VulkanException.NotLoaded(name);
        return fn;
    }

    private bool HasLayer(string name)
    {
        uint count;
        Api.EnumerateInstanceLayerProperties(&count, null).Check("vkEnumerateInstanceLayerProperties");
        var props = new LayerProperties[count];
        fixed (LayerProperties* p = props) Api.EnumerateInstanceLayerProperties(&count, p).Check("vkEnumerateInstanceLayerProperties");
        for (var i = 0; i < count; i++)
            fixed (byte* n = props[i].LayerName)
                if (Marshal.PtrToStringUTF8((nint)n) == name) return true;
        return false;
    }

    private DebugUtilsMessengerCreateInfoEXT MessengerCreateInfo() => new()
    {
        SType = StructureType.DebugUtilsMessengerCreateInfoExt,
        MessageSeverity = DebugUtilsMessageSeverityFlagsEXT.WarningBitExt | DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt,
        MessageType = DebugUtilsMessageTypeFlagsEXT.GeneralBitExt | DebugUtilsMessageTypeFlagsEXT.ValidationBitExt | DebugUtilsMessageTypeFlagsEXT.PerformanceBitExt,
        PfnUserCallback = new PfnDebugUtilsMessengerCallbackEXT(&OnDebugMessage),
        PUserData = (void*)GCHandle.ToIntPtr(_self),
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static Bool32 OnDebugMessage(DebugUtilsMessageSeverityFlagsEXT severity, DebugUtilsMessageTypeFlagsEXT types,
        DebugUtilsMessengerCallbackDataEXT* data, void* userData)
    {
        if (userData == null) return false;
        if (GCHandle.FromIntPtr((nint)userData).Target is not GpuDevice self) return false;
        var message = $"[{Short(severity)}/{Short(types)}] {Marshal.PtrToStringUTF8((nint)data->PMessage)}";
        self._validationMessages.Enqueue(message);
        self._onValidation?.Invoke(message);
        return false;
    }

    private static string Short(DebugUtilsMessageSeverityFlagsEXT s) =>
        (s & DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt) != 0 ? "Error" : (s & DebugUtilsMessageSeverityFlagsEXT.WarningBitExt) != 0 ? "Warning" : s.ToString();

    private static string Short(DebugUtilsMessageTypeFlagsEXT t) =>
        (t & DebugUtilsMessageTypeFlagsEXT.ValidationBitExt) != 0 ? "Validation" : (t & DebugUtilsMessageTypeFlagsEXT.PerformanceBitExt) != 0 ? "Performance" : "General";

    private (PhysicalDevice[] Devices, DeviceInfo[] Infos) EnumerateDevices()
    {
        var vk = Api;
        uint count;
        vk.EnumeratePhysicalDevices(Instance, &count, null).Check("vkEnumeratePhysicalDevices");
        var devices = new PhysicalDevice[count];
        fixed (PhysicalDevice* p = devices) vk.EnumeratePhysicalDevices(Instance, &count, p).Check("vkEnumeratePhysicalDevices");
        var infos = new DeviceInfo[count];
        for (var i = 0; i < count; i++)
        {
            PhysicalDeviceProperties props;
            vk.GetPhysicalDeviceProperties(devices[i], &props);
            string driverName = "", driverInfo = VkVersion.Format(props.DriverVersion);
            if (props.ApiVersion >= VkVersion.Api12)
            {
                var driver = new PhysicalDeviceDriverProperties { SType = StructureType.PhysicalDeviceDriverProperties };
                var props2 = new PhysicalDeviceProperties2 { SType = StructureType.PhysicalDeviceProperties2, PNext = &driver };
                vk.GetPhysicalDeviceProperties2(devices[i], &props2);
                driverName = Marshal.PtrToStringUTF8((nint)driver.DriverName) ?? "";
                driverInfo = Marshal.PtrToStringUTF8((nint)driver.DriverInfo) ?? "";
            }
            PhysicalDeviceMemoryProperties mem;
            vk.GetPhysicalDeviceMemoryProperties(devices[i], &mem);
            ulong local = 0;
            for (var h = 0; h < mem.MemoryHeapCount; h++)
                if ((mem.MemoryHeaps[h].Flags & MemoryHeapFlags.DeviceLocalBit) != 0) local += mem.MemoryHeaps[h].Size;
            var kind = props.DeviceType switch
            {
                PhysicalDeviceType.DiscreteGpu => GpuDeviceKind.Discrete,
                PhysicalDeviceType.IntegratedGpu => GpuDeviceKind.Integrated,
                PhysicalDeviceType.VirtualGpu => GpuDeviceKind.Virtual,
                PhysicalDeviceType.Cpu => GpuDeviceKind.Cpu,
                _ => GpuDeviceKind.Other,
            };
            infos[i] = new DeviceInfo(i, Marshal.PtrToStringUTF8((nint)props.DeviceName) ?? "", kind, driverName, driverInfo,
                VkVersion.Format(props.ApiVersion), local);
        }
        return (devices, infos);
    }

    private uint FindGraphicsQueue()
    {
        uint count;
        Api.GetPhysicalDeviceQueueFamilyProperties(PhysicalDevice, &count, null);
        var families = stackalloc QueueFamilyProperties[(int)count];
        Api.GetPhysicalDeviceQueueFamilyProperties(PhysicalDevice, &count, families);
        for (uint i = 0; i < count; i++)
            if ((families[i].QueueFlags & QueueFlags.GraphicsBit) != 0) return i;
        throw new InvalidOperationException($"Vulkan device {Info.Name} has no graphics queue.");
    }

    // ------------------------------------------------------------------ memory

    internal uint FindMemoryType(uint typeBits, MemoryPropertyFlags required, MemoryPropertyFlags preferred = 0)
    {
        var want = required | preferred;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < _memory.MemoryTypeCount; i++)
                if ((typeBits & (1u << i)) != 0 && (_memory.MemoryTypes[i].PropertyFlags & want) == want) return (uint)i;
            want = required;
        }
        throw new InvalidOperationException($"No Vulkan memory type with {required} (type bits 0x{typeBits:X}).");
    }

    internal MemoryPropertyFlags MemoryFlags(uint type) => _memory.MemoryTypes[(int)type].PropertyFlags;

    internal DeviceMemory Allocate(MemoryRequirements req, MemoryPropertyFlags required, MemoryPropertyFlags preferred, out MemoryPropertyFlags flags)
    {
        var type = FindMemoryType(req.MemoryTypeBits, required, preferred);
        flags = MemoryFlags(type);
        var info = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = req.Size, MemoryTypeIndex = type };
        DeviceMemory memory;
        Api.AllocateMemory(Device, &info, null, &memory).Check("vkAllocateMemory");
        Interlocked.Add(ref _allocatedBytes, (long)req.Size);
        return memory;
    }

    internal void Free(DeviceMemory memory, ulong size)
    {
        if (memory.Handle == 0) return;
        Api.FreeMemory(Device, memory, null);
        Interlocked.Add(ref _allocatedBytes, -(long)size);
    }

    /// <summary>True when optimal-tiling images of the format can be blitted with linear filtering (mip generation).</summary>
    internal bool CanBlitLinear(Format format)
    {
        FormatProperties props;
        Api.GetPhysicalDeviceFormatProperties(PhysicalDevice, format, &props);
        const FormatFeatureFlags need = FormatFeatureFlags.BlitSrcBit | FormatFeatureFlags.BlitDstBit | FormatFeatureFlags.SampledImageFilterLinearBit;
        return (props.OptimalTilingFeatures & need) == need;
    }

    // ------------------------------------------------------------------ factory

    public GpuBuffer CreateBuffer(in BufferDescription description) => new(this, description);

    public GpuImage CreateImage(in ImageDescription description) => new(this, description);

    public GpuSampler CreateSampler(in SamplerDescription description) => new(this, description);

    internal ShaderModule CreateShaderModule(ReadOnlySpan<byte> spirv)
    {
        fixed (byte* code = spirv)
        {
            var info = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)spirv.Length, PCode = (uint*)code };
            ShaderModule module;
            Api.CreateShaderModule(Device, &info, null, &module).Check("vkCreateShaderModule");
            return module;
        }
    }

    /// <summary>Reads an embedded SPIR-V module (shaders/NAME.spv).</summary>
    internal static byte[] LoadSpirv(string name)
    {
        using var stream = typeof(GpuDevice).Assembly.GetManifestResourceStream("shaders/" + name + ".spv")
            ?? throw new InvalidOperationException($"Shader shaders/{name}.spv is not embedded (was glslc run by the build?).");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private readonly object _queueLock = new();

    /// <summary>Submits to the device's queue. Several renderers may share a device: the queue is externally synchronised here.</summary>
    internal void Submit(SubmitInfo* submit, Fence fence)
    {
        Result result;
        lock (_queueLock) result = Api.QueueSubmit(Queue, 1, submit, fence);
        result.Check("vkQueueSubmit");
    }

    public void WaitIdle()
    {
        Result result;
        lock (_queueLock) result = Api.DeviceWaitIdle(Device);
        result.Check("vkDeviceWaitIdle");
    }

    private void DestroyInstance()
    {
        if (_messenger.Handle != 0 && _destroyMessenger != null) _destroyMessenger(Instance, _messenger, null);
        if (Instance.Handle != 0) Api.DestroyInstance(Instance, null);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (Device.Handle != 0)
        {
            // A lost device still has to be destroyed: the idle wait's error must not leak the device and the instance.
            try { WaitIdle(); }
            catch (VulkanException) { }
            Api.DestroyDevice(Device, null);
        }
        DestroyInstance();
        _self.Free();
        Api.Dispose();
    }

    /// <summary>NUL-terminated UTF-8 strings pinned for one native call.</summary>
    private sealed class NativeStrings : IDisposable
    {
        private readonly List<nint> _allocs = [];

        public byte* Get(string s)
        {
            var bytes = System.Text.Encoding.UTF8.GetByteCount(s);
            var p = (byte*)NativeMemory.Alloc((nuint)bytes + 1);
            System.Text.Encoding.UTF8.GetBytes(s, new Span<byte>(p, bytes));
            p[bytes] = 0;
            _allocs.Add((nint)p);
            return p;
        }

        public void Dispose()
        {
            foreach (var p in _allocs) NativeMemory.Free((void*)p);
        }
    }
}
