// crier's precompiled headers for test programs: the common ones plus GoogleTest and GoogleMock.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pch.h"
