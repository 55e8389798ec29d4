# editor-worker with a CUDA build of libtorch, for GPU nodes (deploy/k8s/editor-worker.yaml).
#
# DJL 0.36.0's pytorch-jni ships the JNI glue for linux-x86_64 cpu and cu128, but Maven Central has
# no pytorch-native-cu128 jar for PyTorch 2.7.1 (looked up), so the CUDA 12.8 libtorch 2.7.1 comes
# from a folder you provide (the lib/ of the official libtorch cxx11-ABI download). Nothing is
# downloaded at run time: the pod sets DJL offline, PYTORCH_FLAVOR=cu128 and PYTORCH_LIBRARY_PATH.
#
#   mvn -B install -DskipTests
#   docker build -f deploy/docker/editor-worker-cuda.Dockerfile \
#     --build-context libtorch=/path/to/libtorch --build-context shared=../shared \
#     -t editgov/editor-worker-cuda:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre
COPY --from=libtorch lib/ /opt/libtorch/lib/
# Version 0 of each model and the CounterFact records the worker samples prompts from.
COPY models/ /opt/editgov/models/
COPY --from=shared data/counterfact/ /opt/editgov/data/counterfact/
COPY editor-worker/target/quarkus-app/ /deployments/
# The NVIDIA container runtime mounts the driver; libtorch brings its own CUDA runtime libraries.
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    LD_LIBRARY_PATH=/opt/libtorch/lib
USER 10001:10001
WORKDIR /deployments
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
