# e2k_add_guest(NAME SOURCE... [CPU elbrus-vN] [DEFINES X=Y ...])
# Assembles and links e2k guest sources with our own e2k-as into
# ${E2K_GUEST_DIR}/NAME.elf and adds a target guest_NAME (part of `all`).
function(e2k_add_guest name)
  cmake_parse_arguments(G "" "CPU" "DEFINES" ${ARGN})
  if(NOT G_CPU)
    set(G_CPU elbrus-v5)
  endif()
  set(srcs)
  foreach(s ${G_UNPARSED_ARGUMENTS})
    if(IS_ABSOLUTE ${s})
      list(APPEND srcs ${s})
    else()
      list(APPEND srcs ${CMAKE_CURRENT_SOURCE_DIR}/${s})
    endif()
  endforeach()
  set(defs)
  foreach(d ${G_DEFINES})
    list(APPEND defs -D${d})
  endforeach()
  set(out ${E2K_GUEST_DIR}/${name}.elf)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${E2K_GUEST_DIR}
    COMMAND e2k-as -mcpu=${G_CPU} -I ${CMAKE_SOURCE_DIR}/tests/guest/include ${defs} -o ${out} ${srcs}
    DEPENDS e2k-as ${srcs}
    IMPLICIT_DEPENDS C ${srcs}
    COMMENT "e2k-as ${name}")
  add_custom_target(guest_${name} ALL DEPENDS ${out})
endfunction()
